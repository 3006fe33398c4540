-- The floor's tables (issue 18 §1): a scratch schema `floor` whose tables have the same shape as the app's, so the
-- hand-written scripts (plan_inspection.sql, …) do the same durable work as a command on the same kind of tables.
-- Run with psql after the app has created its schema and run each command of the mix at least once (the samples below
-- are its real payloads):   psql -v src=bench -f ops/bench/floor/setup.sql
-- What is copied, and why:
--   * mt_streams, mt_events, event_hashes: LIKE … INCLUDING ALL (columns, defaults, indexes), plus the foreign key from
--     the events to the streams (LIKE does not copy foreign keys; Marten's table has one, checked on every insert) and
--     the hash-chain trigger: the app's own trigger function, re-created here with the schema renamed, so each event
--     costs the floor what it costs the system (previous hash lookup, SHA-256 over the canonical text, hash row).
--   * the inline snapshots (mt_doc_inspection, mt_doc_rectification, mt_doc_complaint): same columns and indexes,
--     including the duplicated columns and the expression indexes (the unique receipt number).
--   * document_number_counters (the gapless receipt number: one hot row per department, document type and year) and
--     wolverine_incoming_envelopes (where Wolverine keeps the durable scheduled clocks of a complaint).
--   * mt_doc_appuser and mt_doc_supervisedunit with their rows: the reads a command makes (the caller's account, the
--     unit, the officers).
--   * floor.samples: real payloads (events, snapshots, envelope body) from the app's schema, passed to pgbench as
--     variables, so the floor writes rows of the real sizes.
--   * pre-created cases for the commands that append to an existing stream: per pgbench client (0–15) 100 inspections
--     and 100 rectifications, each with one event (and its hash row) and a snapshot. A client only touches its own,
--     so the floor has no version conflicts (the HTTP load has none either: each connection owns its cases).
\set ON_ERROR_STOP on
drop schema if exists floor cascade;
create schema floor;

create table floor.mt_streams (like :"src".mt_streams including all);
create table floor.mt_events (like :"src".mt_events including all);
alter table floor.mt_events add constraint fkey_mt_events_stream_id foreign key (stream_id) references floor.mt_streams (id) on delete cascade;
create sequence floor.mt_events_sequence;
create table floor.event_hashes (like :"src".event_hashes including all);
create table floor.mt_doc_inspection (like :"src".mt_doc_inspection including all);
create table floor.mt_doc_rectification (like :"src".mt_doc_rectification including all);
create table floor.hazard_places (like :"src".hazard_places including all); -- the drill-down by item (HazardPlaces)
create table floor.mt_doc_complaint (like :"src".mt_doc_complaint including all);
create table floor.document_number_counters (like :"src".document_number_counters including all);
create table floor.wolverine_incoming_envelopes (like :"src".wolverine_incoming_envelopes including all);
create table floor.mt_doc_appuser (like :"src".mt_doc_appuser including all);
insert into floor.mt_doc_appuser select * from :"src".mt_doc_appuser;
create table floor.mt_doc_supervisedunit (like :"src".mt_doc_supervisedunit including all);
insert into floor.mt_doc_supervisedunit select * from :"src".mt_doc_supervisedunit;

-- The same index names as the app's (LIKE generates its own), so the plans of the two sides read alike (explain.sql).
select set_config('floor.src', :'src', false);
do $$
declare r record; mine text;
begin
  for r in select i.tablename, i.indexname, regexp_replace(i.indexdef, '^CREATE (UNIQUE )?INDEX \S+ ON \S+ ', '') as def
           from pg_indexes i where i.schemaname = current_setting('floor.src')
             and i.tablename in (select tablename from pg_tables where schemaname = 'floor') loop
    select f.indexname into mine from pg_indexes f
      where f.schemaname = 'floor' and f.tablename = r.tablename and regexp_replace(f.indexdef, '^CREATE (UNIQUE )?INDEX \S+ ON \S+ ', '') = r.def;
    if mine is not null and mine <> r.indexname then execute format('alter index floor.%I rename to %I', mine, r.indexname); end if;
  end loop;
end $$;

-- The hash chain: the app's trigger function with its schema renamed, and the same AFTER INSERT row trigger.
select replace(pg_get_functiondef((:'src' || '.mt_event_hash_chain')::regproc), :'src' || '.', 'floor.') \gexec
create trigger mt_event_hash_chain after insert on floor.mt_events for each row execute function floor.mt_event_hash_chain();

-- Real payloads. Events: the latest of each type. Snapshots: a planned inspection, an inspection in progress with a few
-- hazards (what the mix's inspections carry: at most 8), a rectification just found (version 1) and one ordered with
-- reports, a registered complaint. The body of a complaint's scheduled clock.
create table floor.samples (name text primary key, value text not null);
insert into floor.samples
select 'e_' || type, (select data::text from :"src".mt_events e where e.type = t.type order by seq_id desc limit 1)
from (values ('inspection_planned'), ('inspection_started'), ('hazard_recorded'), ('hazard_found'), ('correction_reported'),
             ('complaint_received')) as t(type);
insert into floor.samples values
  ('s_inspection_planned', (select data::text from :"src".mt_doc_inspection where data->>'status' = 'Planned' order by mt_last_modified desc limit 1)),
  ('s_inspection_started', (select data::text from :"src".mt_doc_inspection where data->>'status' = 'InProgress'
                            order by abs(mt_version - 6), mt_last_modified desc limit 1)),
  ('s_rectification_found', (select data::text from :"src".mt_doc_rectification order by mt_version, mt_last_modified desc limit 1)),
  ('s_rectification_reported', (select data::text from :"src".mt_doc_rectification where (data->>'correctionReportCount')::int > 0
                                order by mt_last_modified desc limit 1)),
  ('s_complaint', (select data::text from :"src".mt_doc_complaint where data->>'status' = 'Received' order by mt_last_modified desc limit 1)),
  ('b_complaint_clock', (select '\x' || encode(body, 'hex') from :"src".wolverine_incoming_envelopes
                         where message_type = 'Supervision.Complaints.ComplaintClockCheck' order by execution_time desc limit 1)),
  ('unit', (select id::text from :"src".mt_doc_supervisedunit where data->>'jurisdictionPath' = '650000/650100' order by id limit 1));
do $$
declare missing text;
begin
  select string_agg(name, ', ') into missing from floor.samples where value is null;
  if missing is not null then
    raise exception 'floor setup: no sample in the app''s schema for %: run each command of the mix once first', missing;
  end if;
end $$;

-- Pre-created cases: inspections 'a…' and rectifications 'b…' (ids from the client number and a case number, as the
-- scripts compute them), each with its first event, hash row (by the trigger) and snapshot.
insert into floor.mt_streams (id, type, version, timestamp, tenant_id)
select ('a' || lpad(to_hex(c * 1000 + k), 31, '0'))::uuid, 'inspection', 1, now(), '*DEFAULT*' from generate_series(0, 15) c, generate_series(1, 100) k
union all
select ('b' || lpad(to_hex(c * 1000 + k), 31, '0'))::uuid, 'rectification', 1, now(), '*DEFAULT*' from generate_series(0, 15) c, generate_series(1, 100) k;
insert into floor.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived, correlation_id, user_name, headers)
select nextval('floor.mt_events_sequence'), gen_random_uuid(), s.id, 1,
       (select value::jsonb from floor.samples where name = case s.type when 'inspection' then 'e_inspection_planned' else 'e_hazard_found' end),
       case s.type when 'inspection' then 'inspection_planned' else 'hazard_found' end, '*DEFAULT*', now(),
       case s.type when 'inspection' then 'Supervision.Inspections.InspectionPlanned, Supervision' else 'Supervision.Rectifications.HazardFound, Supervision' end,
       false, md5(s.id::text), 'urumqi.inspector1', 'null'
from floor.mt_streams s order by s.id;
insert into floor.mt_doc_inspection (id, data, mt_version, mt_dotnet_type, mt_last_modified, jurisdiction_path)
select id, (select value::jsonb from floor.samples where name = 's_inspection_started'), 1, 'Supervision.Inspections.Inspection', now(), '650000/650100'
from floor.mt_streams where type = 'inspection';
insert into floor.mt_doc_rectification (id, data, mt_version, mt_dotnet_type, mt_last_modified, jurisdiction_path, board, due_on)
select id, (select value::jsonb from floor.samples where name = 's_rectification_reported'), 1, 'Supervision.Rectifications.Rectification', now(),
       '650000/650100', 'open', current_date + 40
from floor.mt_streams where type = 'rectification';
-- The bulk-loaded tables vacuumed and analyzed, as autovacuum does to the app's after its load. The two reference tables
-- are left as the app's are (a few rows, below autovacuum's threshold, never analyzed), so their reads get the same plan.
vacuum analyze floor.mt_streams, floor.mt_events, floor.event_hashes, floor.mt_doc_inspection, floor.mt_doc_rectification;
