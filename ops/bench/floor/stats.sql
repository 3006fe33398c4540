-- What was sent to PostgreSQL since the last pg_stat_statements_reset(), in this database: one line per statement
-- (top level or nested in a function or trigger), tab-separated: toplevel, calls, rows, total ms, query on one line.
-- Used by ops/bench.sh (the floor's scripts) and `Supervision.Bench statements` (the system's commands).
select case when toplevel then 't' else 'f' end, calls, rows, round(total_exec_time::numeric, 4),
       regexp_replace(regexp_replace(query, '\s+', ' ', 'g'), '\t', ' ', 'g')
from pg_stat_statements
where dbid = (select oid from pg_database where datname = current_database())
  and query not like '%pg_stat_statements%'
order by total_exec_time desc
