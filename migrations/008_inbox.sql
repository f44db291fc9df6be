-- E-mail delivery from the outbox by several app instances at once. A worker claims a batch
-- (FOR UPDATE SKIP LOCKED, inside a short transaction) by setting a lease, sends with no
-- transaction open, then marks each row sent or failed. A lease that runs out (the instance died
-- mid-send) lets another instance try again.
ALTER TABLE outbox ADD COLUMN claimed_until timestamptz;

-- Delivery looks only at rows not yet sent that have not used up their attempts.
CREATE INDEX outbox_deliverable_idx ON outbox (created_at) WHERE sent_at IS NULL AND attempts < 5;
