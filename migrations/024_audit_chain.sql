-- Tamper-evident audit (issue 8, part 3). Rows are still inserted as before, unsealed (chain
-- columns null), so audited requests never wait for one another. A sealer (one at a time, under an
-- advisory lock) later gives each committed row the next `chain_seq` and
-- `chain_hash` = sha256(previous chain_hash, the row's immutable fields): see
-- src/modules/audit/audit-chain.ts. `lantern audit verify` recomputes the chain.
ALTER TABLE audit_events ADD COLUMN chain_seq bigint UNIQUE;
ALTER TABLE audit_events ADD COLUMN chain_hash text;
CREATE INDEX audit_events_unsealed_idx ON audit_events (id) WHERE chain_seq IS NULL;

-- Where the chain now starts after the retention purge removed its oldest rows: the last purged
-- row's chain_seq and hash. One row at most.
CREATE TABLE audit_chain_anchor (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  chain_seq bigint NOT NULL,
  chain_hash text NOT NULL,
  purged_rows bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Still append-only, with two exceptions: the sealer may fill in the chain columns of an unsealed
-- row (nothing else), and the retention purge (which sets lantern.audit_purge for its transaction
-- only) may delete sealed rows up to the anchor. A database superuser can still drop this trigger:
-- that is what the hash chain detects.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL AND NEW.chain_hash IS NOT NULL
     AND (OLD.id, OLD.at, OLD.actor_user_id, OLD.actor_label, OLD.event, OLD.subject_type,
          OLD.subject_id, OLD.correlation_id, OLD.before, OLD.after, OLD.details)
         IS NOT DISTINCT FROM
         (NEW.id, NEW.at, NEW.actor_user_id, NEW.actor_label, NEW.event, NEW.subject_type,
          NEW.subject_id, NEW.correlation_id, NEW.before, NEW.after, NEW.details) THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' AND current_setting('lantern.audit_purge', true) = 'on'
     AND OLD.chain_seq IS NOT NULL
     AND OLD.chain_seq <= (SELECT chain_seq FROM audit_chain_anchor) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
