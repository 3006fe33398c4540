-- Floor of POST /api/inspections (plan an inspection), run by pgbench -M prepared (ops/bench.sh; see README.md).
-- The same durable work by hand: the caller's account, the unit and the two officers read; a new inspection stream
-- (stream row, the InspectionPlanned event with its hash row by the trigger, the inline snapshot) in one transaction.
-- Variables: -D run=<run number> -D n=0 -D unit=<unit id> and the samples of floor.samples (setup.sql).
\set n :n + 1
\set sid (:run * 16 + :client_id) * 100000000 + :n
BEGIN;
select data from floor.mt_doc_appuser where id = 'urumqi.inspector1';
select id, data from floor.mt_doc_supervisedunit where id = :unit::uuid;
select id, data from floor.mt_doc_appuser where id = any('{urumqi.inspector1,urumqi.inspector2}'::varchar[]);
insert into floor.mt_streams (id, type, version, timestamp, tenant_id)
  values (('f' || lpad(to_hex(:sid::bigint), 31, '0'))::uuid, 'inspection', 1, now(), '*DEFAULT*');
insert into floor.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived, correlation_id, user_name, headers)
  values (nextval('floor.mt_events_sequence'), gen_random_uuid(), ('f' || lpad(to_hex(:sid::bigint), 31, '0'))::uuid, 1, :e_inspection_planned::jsonb,
          'inspection_planned', '*DEFAULT*', now(), 'Supervision.Inspections.InspectionPlanned, Supervision', false,
          '8fa6a0178358f070a03faf5a152f9012', 'urumqi.inspector1', 'null');
insert into floor.mt_doc_inspection (id, data, mt_version, mt_dotnet_type, mt_last_modified, jurisdiction_path)
  values (('f' || lpad(to_hex(:sid::bigint), 31, '0'))::uuid, :s_inspection_planned::jsonb, 1, 'Supervision.Inspections.Inspection', now(), '650000/650100');
END;
