-- Floor of POST /api/inspections/{id}/hazards (record a hazard: two streams), run by pgbench -M prepared (see README.md).
-- The caller's account and the inspection (stream version and snapshot) read; in one transaction the HazardRecorded
-- event appended to the inspection (stream row updated, event and hash row, its place row, snapshot rewritten) and a new
-- rectification stream started (stream row, the HazardFound event and its hash row, the snapshot with its duplicated
-- columns jurisdiction_path, board, due_on).
-- The snapshot carries its new version, as the app's does: the row changes, so the update maintains every index (no HOT
-- update), as the system's upsert does.
\set n :n + 1
\set sid (:run * 16 + :client_id) * 100000000 + :n
\set k random(1, 100)
\set case :client_id * 1000 + :k
BEGIN;
select data from floor.mt_doc_appuser where id = 'urumqi.inspector1';
select version as v from floor.mt_streams where id = ('a' || lpad(to_hex(:case::int), 31, '0'))::uuid \gset
select id, data, mt_version from floor.mt_doc_inspection where id = ('a' || lpad(to_hex(:case::int), 31, '0'))::uuid;
\set v1 :v + 1
update floor.mt_streams set version = :v1::bigint, timestamp = now()
  where id = ('a' || lpad(to_hex(:case::int), 31, '0'))::uuid and version = :v::bigint;
insert into floor.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived, correlation_id, user_name, headers)
  values (nextval('floor.mt_events_sequence'), gen_random_uuid(), ('a' || lpad(to_hex(:case::int), 31, '0'))::uuid, :v1::bigint, :e_hazard_recorded::jsonb,
          'hazard_recorded', '*DEFAULT*', now(), 'Supervision.Inspections.HazardRecorded, Supervision', false,
          '8fa6a0178358f070a03faf5a152f9012', 'urumqi.inspector1', 'null');
-- The hazard's item and place (the app's deferred trigger on mt_events, HazardPlaces): the inspection's place looked up.
insert into floor.hazard_places (seq_id, item, jurisdiction_path, timestamp, stream_id)
  select currval('floor.mt_events_sequence'), :e_hazard_recorded::jsonb->>'item', i.jurisdiction_path, now(), i.id
  from floor.mt_doc_inspection i where i.id = ('a' || lpad(to_hex(:case::int), 31, '0'))::uuid;
insert into floor.mt_streams (id, type, version, timestamp, tenant_id)
  values (('f' || lpad(to_hex(:sid::bigint), 31, '0'))::uuid, 'rectification', 1, now(), '*DEFAULT*');
insert into floor.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived, correlation_id, user_name, headers)
  values (nextval('floor.mt_events_sequence'), gen_random_uuid(), ('f' || lpad(to_hex(:sid::bigint), 31, '0'))::uuid, 1, :e_hazard_found::jsonb,
          'hazard_found', '*DEFAULT*', now(), 'Supervision.Rectifications.HazardFound, Supervision', false,
          '8fa6a0178358f070a03faf5a152f9012', 'urumqi.inspector1', 'null');
update floor.mt_doc_inspection set data = jsonb_set(:s_inspection_started::jsonb, '{version}', to_jsonb(:v1::bigint)), mt_version = :v1::bigint, mt_last_modified = now()
  where id = ('a' || lpad(to_hex(:case::int), 31, '0'))::uuid;
insert into floor.mt_doc_rectification (id, data, mt_version, mt_dotnet_type, mt_last_modified, jurisdiction_path, board, due_on)
  values (('f' || lpad(to_hex(:sid::bigint), 31, '0'))::uuid, :s_rectification_found::jsonb, 1, 'Supervision.Rectifications.Rectification', now(),
          '650000/650100', 'open', null);
END;
