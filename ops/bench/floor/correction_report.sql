-- Floor of POST /api/rectifications/{id}/correction-reports, run by pgbench -M prepared (see README.md).
-- The caller's account, the rectification (stream version and snapshot) and its inspection's snapshot (the command
-- checks the inspection for pending recusals) read; the CorrectionReported event appended (stream row updated, event
-- and hash row, snapshot rewritten with its duplicated columns) in one transaction.
-- The snapshot carries its new version, as the app's does: the row changes, so the update maintains every index (no HOT
-- update), as the system's upsert does.
\set k random(1, 100)
\set case :client_id * 1000 + :k
BEGIN;
select data from floor.mt_doc_appuser where id = 'urumqi.inspector1';
select version as v from floor.mt_streams where id = ('b' || lpad(to_hex(:case::int), 31, '0'))::uuid \gset
select id, data, mt_version from floor.mt_doc_rectification where id = ('b' || lpad(to_hex(:case::int), 31, '0'))::uuid;
select id, data, mt_version from floor.mt_doc_inspection where id = ('a' || lpad(to_hex(:case::int), 31, '0'))::uuid;
\set v1 :v + 1
update floor.mt_streams set version = :v1::bigint, timestamp = now()
  where id = ('b' || lpad(to_hex(:case::int), 31, '0'))::uuid and version = :v::bigint;
insert into floor.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived, correlation_id, user_name, headers)
  values (nextval('floor.mt_events_sequence'), gen_random_uuid(), ('b' || lpad(to_hex(:case::int), 31, '0'))::uuid, :v1::bigint, :e_correction_reported::jsonb,
          'correction_reported', '*DEFAULT*', now(), 'Supervision.Rectifications.CorrectionReported, Supervision', false,
          '8fa6a0178358f070a03faf5a152f9012', 'urumqi.inspector1', 'null');
update floor.mt_doc_rectification set data = jsonb_set(:s_rectification_reported::jsonb, '{version}', to_jsonb(:v1::bigint)), mt_version = :v1::bigint, mt_last_modified = now(),
    jurisdiction_path = '650000/650100', board = 'open', due_on = current_date + 40
  where id = ('b' || lpad(to_hex(:case::int), 31, '0'))::uuid;
END;
