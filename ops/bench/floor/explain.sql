-- Issue 18 §1, step 4: the plans of the floor's statements against the system's, statement by statement, as generic plans
-- of prepared statements (both sides run prepared: Npgsql's auto-prepare, pgbench -M prepared). Each plan is written to
-- :dir/<system|floor>-<name>.plan; ops/bench.sh compares the scan nodes (type, table, index) of each pair.
--   psql -v src=bench -v dir=/tmp/plans -f ops/bench/floor/explain.sql
-- The statements of the system are its own texts (pg_stat_statements, ops/bench/floor/README.md); the statements inside
-- Marten's append function are planned the same way as here (plpgsql prepares them with the function's arguments as
-- parameters). Statements that are the same on both sides (the hash-chain trigger, the counter) are the same text.
\set ON_ERROR_STOP on
set plan_cache_mode = force_generic_plan;
select id as insp from :"src".mt_doc_inspection order by mt_last_modified desc limit 1 \gset
select id as rect from :"src".mt_doc_rectification order by mt_last_modified desc limit 1 \gset
select id as unit from :"src".mt_doc_supervisedunit limit 1 \gset

-- The caller's account (every command; the system: UserCheck, a query session of its own)
prepare s_account(varchar) as select d.data from :"src".mt_doc_appuser as d where id = $1;
prepare f_account(varchar) as select data from floor.mt_doc_appuser where id = $1;
\o :dir/system-account.plan
explain (costs off) execute s_account('urumqi.inspector1');
\o :dir/floor-account.plan
explain (costs off) execute f_account('urumqi.inspector1');

-- Plan: the unit and the officers
prepare s_unit(uuid) as select d.id, d.data from :"src".mt_doc_supervisedunit as d where id = $1;
prepare f_unit(uuid) as select id, data from floor.mt_doc_supervisedunit where id = $1::uuid;
\o :dir/system-unit.plan
explain (costs off) execute s_unit(:'unit');
\o :dir/floor-unit.plan
explain (costs off) execute f_unit(:'unit');
prepare s_officers(varchar[]) as select d.id, d.data from :"src".mt_doc_appuser as d where id = ANY($1);
prepare f_officers(varchar[]) as select id, data from floor.mt_doc_appuser where id = any($1::varchar[]);
\o :dir/system-officers.plan
explain (costs off) execute s_officers('{urumqi.inspector1,urumqi.inspector2}');
\o :dir/floor-officers.plan
explain (costs off) execute f_officers('{urumqi.inspector1,urumqi.inspector2}');

-- FetchForWriting: the stream's version and the snapshot (start, hazard, correction report)
prepare s_version(uuid) as select version from :"src".mt_streams where id = $1;
prepare f_version(int) as select version as v from floor.mt_streams where id = ('a' || lpad(to_hex($1::int), 31, '0'))::uuid;
\o :dir/system-version.plan
explain (costs off) execute s_version(:'insp');
\o :dir/floor-version.plan
explain (costs off) execute f_version(1);
prepare s_inspection(uuid) as select d.id, d.data, d.mt_version from :"src".mt_doc_inspection as d where id = $1;
prepare f_inspection(int) as select id, data, mt_version from floor.mt_doc_inspection where id = ('a' || lpad(to_hex($1::int), 31, '0'))::uuid;
\o :dir/system-inspection.plan
explain (costs off) execute s_inspection(:'insp');
\o :dir/floor-inspection.plan
explain (costs off) execute f_inspection(1);
prepare s_rectification(uuid) as select d.id, d.data, d.mt_version from :"src".mt_doc_rectification as d where id = $1;
prepare f_rectification(int) as select id, data, mt_version from floor.mt_doc_rectification where id = ('b' || lpad(to_hex($1::int), 31, '0'))::uuid;
\o :dir/system-rectification.plan
explain (costs off) execute s_rectification(:'rect');
\o :dir/floor-rectification.plan
explain (costs off) execute f_rectification(1);

-- The append to an existing stream: Marten's function reads the stream row and updates it (its statements, with the
-- function's arguments as parameters); the floor updates it once, guarded by the version it read.
prepare s_stream_read(uuid) as select version, is_archived from :"src".mt_streams where id = $1;
prepare f_stream_update(bigint, int, bigint) as update floor.mt_streams set version = $1, timestamp = now()
  where id = ('a' || lpad(to_hex($2::int), 31, '0'))::uuid and version = $3;
prepare s_stream_update(uuid, bigint) as update :"src".mt_streams set version = greatest(version, $2), timestamp = now() where id = $1;
\o :dir/system-stream.plan
explain (costs off) execute s_stream_read(:'insp');
explain (costs off) execute s_stream_update(:'insp', 1);
\o :dir/floor-stream.plan
explain (costs off) execute f_version(1);
explain (costs off) execute f_stream_update(2, 1, 1);

-- The hash chain's previous hash (the trigger: the same function on both sides)
prepare s_prev(uuid, bigint) as select h.hash from :"src".event_hashes h where h.stream_id = $1 and h.version < $2 order by h.version desc limit 1;
prepare f_prev(uuid, bigint) as select h.hash from floor.event_hashes h where h.stream_id = $1 and h.version < $2 order by h.version desc limit 1;
\o :dir/system-prevhash.plan
explain (costs off) execute s_prev(:'insp', 5);
\o :dir/floor-prevhash.plan
explain (costs off) execute f_prev('a0000000000000000000000000000001', 5);

-- The snapshot of an existing stream: Marten's upsert (its version read from mt_streams) against the floor's update
prepare s_snapshot(uuid, jsonb, bigint, varchar) as insert into :"src".mt_doc_inspection (id, data, "mt_version", "mt_dotnet_type", "mt_last_modified")
  values ($1, $2, CASE WHEN $3 = 0 THEN COALESCE((select version from :"src".mt_streams where :"src".mt_streams.id = $1), 1) ELSE $3 END, $4, transaction_timestamp())
  on conflict (id) do update set data = excluded.data,
    mt_version = CASE WHEN $3 = 0 THEN COALESCE((select version from :"src".mt_streams where :"src".mt_streams.id = :"src".mt_doc_inspection.id), :"src".mt_doc_inspection.mt_version + 1) ELSE $3 END,
    "mt_dotnet_type" = excluded."mt_dotnet_type", "mt_last_modified" = excluded."mt_last_modified"
  where $3 = 0 or COALESCE((select version from :"src".mt_streams where :"src".mt_streams.id = :"src".mt_doc_inspection.id), 0) <= $3 returning mt_version;
prepare f_snapshot(jsonb, bigint, int) as update floor.mt_doc_inspection set data = $1, mt_version = $2, mt_last_modified = now()
  where id = ('a' || lpad(to_hex($3::int), 31, '0'))::uuid;
\o :dir/system-snapshot.plan
explain (costs off) execute s_snapshot(:'insp', '{}', 0, 'x');
\o :dir/floor-snapshot.plan
explain (costs off) execute f_snapshot('{}', 2, 1);

-- The receipt number's counter (the same statement on both sides)
prepare s_counter(varchar, varchar, int, int) as insert into :"src".document_number_counters as c (department, doc_type, year, last_number) values ($1, $2, $3, $4)
  on conflict (department, doc_type, year) do update set last_number = c.last_number + 1 returning last_number;
prepare f_counter(varchar, varchar, int, int) as insert into floor.document_number_counters as c (department, doc_type, year, last_number) values ($1, $2, $3, $4)
  on conflict (department, doc_type, year) do update set last_number = c.last_number + 1 returning last_number;
\o :dir/system-counter.plan
explain (costs off) execute s_counter('650100', '投诉登记', 2026, 1);
\o :dir/floor-counter.plan
explain (costs off) execute f_counter('650100', '投诉登记', 2026, 1);
\o
