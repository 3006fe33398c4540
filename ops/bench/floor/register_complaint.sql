-- Floor of POST /api/complaints (register a complaint), run by pgbench -M prepared (see README.md).
-- The caller's account read; in one transaction a new complaint stream (stream row, the ComplaintReceived event and its
-- hash row, the snapshot with its unique receipt number), the two durable scheduled clocks Wolverine stores for it
-- (acceptance and handling deadlines) and the next gapless receipt number. The number's counter is one row per
-- department, type and year: every complaint of the department waits for it until the commit, in the system as here.
-- The system takes it in a round trip of its own, then sends the append, the clocks and the snapshot in one batch, then
-- commits; the floor, as a minimal hand-written transaction would, takes it in one statement with the two rows that
-- carry the number (event and snapshot), right before the commit, so it holds the row for one round trip and the commit.
\set n :n + 1
\set sid (:run * 16 + :client_id) * 100000000 + :n
BEGIN;
select data from floor.mt_doc_appuser where id = 'urumqi.handler';
insert into floor.mt_streams (id, type, version, timestamp, tenant_id)
  values (('f' || lpad(to_hex(:sid::bigint), 31, '0'))::uuid, 'complaint', 1, now(), '*DEFAULT*');
insert into floor.wolverine_incoming_envelopes (body, id, status, owner_id, execution_time, attempts, message_type, received_at, keep_until)
  values (:b_complaint_clock::bytea, gen_random_uuid(), 'Scheduled', 0, now() + interval '17 days', 0, 'Supervision.Complaints.ComplaintClockCheck',
          'local://supervision.complaints.complaintclockcheck/', null);
insert into floor.wolverine_incoming_envelopes (body, id, status, owner_id, execution_time, attempts, message_type, received_at, keep_until)
  values (:b_complaint_clock::bytea, gen_random_uuid(), 'Scheduled', 0, now() + interval '60 days', 0, 'Supervision.Complaints.ComplaintClockCheck',
          'local://supervision.complaints.complaintclockcheck/', null);
with num as (
  insert into floor.document_number_counters as c (department, doc_type, year, last_number) values ('650100', '投诉登记', 2026, 1)
    on conflict (department, doc_type, year) do update set last_number = c.last_number + 1
    returning to_jsonb('TS6501002026' || lpad(last_number::text, 6, '0')) as receipt
), event as (
  insert into floor.mt_events (seq_id, id, stream_id, version, data, type, tenant_id, timestamp, mt_dotnet_type, is_archived, correlation_id, user_name, headers)
  select nextval('floor.mt_events_sequence'), gen_random_uuid(), ('f' || lpad(to_hex(:sid::bigint), 31, '0'))::uuid, 1,
         jsonb_set(:e_complaint_received::jsonb, '{receiptNumber}', num.receipt), 'complaint_received', '*DEFAULT*', now(),
         'Supervision.Complaints.ComplaintReceived, Supervision', false, '4ebe75aa59f8b2a7e37878906b3884c7', 'urumqi.handler', 'null'
  from num
)
insert into floor.mt_doc_complaint (id, data, mt_version, mt_dotnet_type, mt_last_modified)
select ('f' || lpad(to_hex(:sid::bigint), 31, '0'))::uuid, jsonb_set(:s_complaint::jsonb, '{receiptNumber}', num.receipt), 1,
       'Supervision.Complaints.Complaint', now()
from num;
END;
