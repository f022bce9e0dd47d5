-- Every schema feature forge init reads: composite keys, a self-reference,
-- an enum, a domain, identity columns, a partial unique index, checks and
-- tenant-scoped composite foreign keys.
CREATE TYPE ticket_status AS ENUM ('open', 'in_progress', 'resolved', 'closed');
CREATE DOMAIN positive_amount AS numeric(10,2) CHECK (VALUE > 0);

CREATE TABLE tenant (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE
);

CREATE TABLE account (
  tenant_id integer NOT NULL REFERENCES tenant (id),
  id bigserial PRIMARY KEY,
  email varchar(120) NOT NULL,
  full_name text NOT NULL,
  phone text,
  manager_id bigint REFERENCES account (id),
  deleted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz,
  UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX account_email_live ON account (email) WHERE deleted_at IS NULL;

CREATE TABLE ticket (
  tenant_id integer NOT NULL REFERENCES tenant (id),
  id uuid PRIMARY KEY,
  account_id bigint NOT NULL,
  assignee_id bigint,
  status ticket_status NOT NULL,
  priority text NOT NULL CHECK (priority IN ('low', 'medium', 'high')),
  amount positive_amount,
  opened_on date NOT NULL,
  closed_on date,
  details jsonb,
  FOREIGN KEY (tenant_id, account_id) REFERENCES account (tenant_id, id),
  FOREIGN KEY (tenant_id, assignee_id) REFERENCES account (tenant_id, id),
  CHECK (closed_on >= opened_on)
);

CREATE TABLE tag (
  code varchar(12) PRIMARY KEY,
  label text NOT NULL
);

CREATE TABLE ticket_tag (
  ticket_id uuid NOT NULL REFERENCES ticket (id),
  tag_code varchar(12) NOT NULL REFERENCES tag (code),
  weight smallint NOT NULL CHECK (weight BETWEEN 1 AND 10),
  PRIMARY KEY (ticket_id, tag_code)
);
CREATE INDEX ticket_tag_by_tag ON ticket_tag (tag_code);
