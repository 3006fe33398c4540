-- Floor of POST /api/inspections/{id}/start, run by pgbench -M prepared (ops/bench.sh; see README.md).
-- The caller's account and the inspection (stream version and snapshot) read; the InspectionStarted event appended
-- at the next version (stream row updated, event and hash row inserted, snapshot rewritten) in one transaction.
-- Each pgbench client appends to its own pre-created inspections (setup.sql), so no two clients touch one stream.
-- The snapshot carries its new version, as the app's does: the row changes, so the update maintains every index (no HOT
-- update), as the system's upsert does.
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
  values (nextval('floor.mt_events_sequence'), gen_random_uuid(), ('a' || lpad(to_hex(:case::int), 31, '0'))::uuid, :v1::bigint, :e_inspection_started::jsonb,
          'inspection_started', '*DEFAULT*', now(), 'Supervision.Inspections.InspectionStarted, Supervision', false,
          '8fa6a0178358f070a03faf5a152f9012', 'urumqi.inspector1', 'null');
update floor.mt_doc_inspection set data = jsonb_set(:s_inspection_started::jsonb, '{version}', to_jsonb(:v1::bigint)), mt_version = :v1::bigint, mt_last_modified = now()
  where id = ('a' || lpad(to_hex(:case::int), 31, '0'))::uuid;
END;
