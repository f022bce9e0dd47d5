-- A Chinook-like music store, written by hand for the tests (same tables and
-- keys as the public Chinook sample: artists, albums, tracks, customers with
-- a support rep, employees reporting to employees, invoices and their lines,
-- playlists with a many-to-many link table).
CREATE TABLE artist (
  artist_id integer PRIMARY KEY,
  name varchar(120)
);
CREATE TABLE album (
  album_id integer PRIMARY KEY,
  title varchar(160) NOT NULL,
  artist_id integer NOT NULL REFERENCES artist (artist_id)
);
CREATE TABLE genre (genre_id integer PRIMARY KEY, name varchar(120));
CREATE TABLE media_type (media_type_id integer PRIMARY KEY, name varchar(120));
CREATE TABLE track (
  track_id integer PRIMARY KEY,
  name varchar(200) NOT NULL,
  album_id integer REFERENCES album (album_id),
  media_type_id integer NOT NULL REFERENCES media_type (media_type_id),
  genre_id integer REFERENCES genre (genre_id),
  composer varchar(220),
  milliseconds integer NOT NULL CHECK (milliseconds > 0),
  bytes integer,
  unit_price numeric(10,2) NOT NULL CHECK (unit_price >= 0)
);
CREATE TABLE employee (
  employee_id integer PRIMARY KEY,
  last_name varchar(20) NOT NULL,
  first_name varchar(20) NOT NULL,
  title varchar(30),
  reports_to integer REFERENCES employee (employee_id),
  birth_date timestamp,
  hire_date timestamp,
  address varchar(70),
  city varchar(40),
  state varchar(40),
  country varchar(40),
  postal_code varchar(10),
  phone varchar(24),
  fax varchar(24),
  email varchar(60)
);
CREATE TABLE customer (
  customer_id integer PRIMARY KEY,
  first_name varchar(40) NOT NULL,
  last_name varchar(20) NOT NULL,
  company varchar(80),
  address varchar(70),
  city varchar(40),
  state varchar(40),
  country varchar(40),
  postal_code varchar(10),
  phone varchar(24),
  fax varchar(24),
  email varchar(60) NOT NULL UNIQUE,
  support_rep_id integer REFERENCES employee (employee_id)
);
CREATE TABLE invoice (
  invoice_id integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customer (customer_id),
  invoice_date timestamp NOT NULL,
  billing_address varchar(70),
  billing_city varchar(40),
  billing_state varchar(40),
  billing_country varchar(40),
  billing_postal_code varchar(10),
  total numeric(10,2) NOT NULL
);
CREATE TABLE invoice_line (
  invoice_line_id integer PRIMARY KEY,
  invoice_id integer NOT NULL REFERENCES invoice (invoice_id),
  track_id integer NOT NULL REFERENCES track (track_id),
  unit_price numeric(10,2) NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0)
);
CREATE TABLE playlist (playlist_id integer PRIMARY KEY, name varchar(120));
CREATE TABLE playlist_track (
  playlist_id integer NOT NULL REFERENCES playlist (playlist_id),
  track_id integer NOT NULL REFERENCES track (track_id),
  PRIMARY KEY (playlist_id, track_id)
);
CREATE INDEX invoice_customer ON invoice (customer_id);
CREATE INDEX track_album ON track (album_id);
