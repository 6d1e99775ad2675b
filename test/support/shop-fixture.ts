import type { TestCluster } from '../../test/harness/pg-cluster';
import { qualifiedName, quoteIdentifier } from '../../shared/domain/sql-identifier';

// Test support for the backup and restore integration tests: a database with the awkward parts
// of real ones (several schemas, names with capitals, spaces, quotes and non-ASCII letters, most
// column types, a large object, indexes, a view, a function, a foreign key, an empty table).

export const shopSchema = 'Sales Ünïcode';
export const ordersTable = 'Orders ñ "q"';

const shopSql = `
create schema ${quoteIdentifier(shopSchema)};
create schema inventory;
create type inventory.mood as enum ('sad', 'ok', 'happy');
create table public."MixedCase Table" (id serial primary key, "Name With ""Quotes""" text, note text);
create table ${qualifiedName(shopSchema, ordersTable)} (
  id bigint generated always as identity primary key,
  customer text not null,
  amount numeric(12, 2),
  placed_at timestamptz default now(),
  d date, t time, iv interval, flag boolean, js jsonb, j json, arr int[], tarr text[], u uuid, b bytea,
  ip inet, net cidr, mac macaddr, pt point, rng int4range, m inventory.mood, r real, dp double precision,
  sm smallint, ch char(3), vc varchar(20), x xml, tsv tsvector, bits bit varying(8), cash money
);
create index "orders by customer" on ${qualifiedName(shopSchema, ordersTable)} (customer);
create table inventory.items (sku text primary key, qty int check (qty >= 0), order_id bigint references ${qualifiedName(shopSchema, ordersTable)} (id));
create table inventory.docs (id int primary key, body oid);
create table inventory."empty one" (id int);
create view inventory."Item View" as select sku, qty from inventory.items where qty > 0;
create function inventory."total qty"() returns bigint language sql as $$ select sum(qty) from inventory.items $$;
insert into public."MixedCase Table" ("Name With ""Quotes""", note)
  select 'name ' || g || ' "quoted" ''single''', case when g % 3 = 0 then null else 'note ü ' || g end from generate_series(1, 300) g;
insert into ${qualifiedName(shopSchema, ordersTable)} (customer, amount, d, t, iv, flag, js, j, arr, tarr, u, b, ip, net, mac, pt, rng, m, r, dp, sm, ch, vc, x, tsv, bits, cash)
  select 'customer ' || (g % 50), g * 1.25, date '2024-01-01' + g, time '12:00' + g * interval '1 second', g * interval '1 minute', g % 2 = 0,
         jsonb_build_object('n', g, 'tags', jsonb_build_array('a', 'b')), json_build_object('g', g), array[g, g + 1], array['x' || g, 'ÿ'],
         md5(g::text)::uuid, decode(md5(g::text), 'hex'), '10.0.0.1'::inet + g, '10.0.0.0/8', '08:00:2b:01:02:03', point(g, -g),
         int4range(g, g + 10), (array['sad', 'ok', 'happy']::inventory.mood[])[1 + g % 3], g / 3.0, g / 7.0, (g % 30000)::smallint,
         'abc', 'vc' || g, xmlparse(content '<a>' || g || '</a>'), to_tsvector('simple', 'order number ' || g), (g % 256)::bit(8)::varbit, g * 0.5
    from generate_series(1, 2000) g;
insert into inventory.items select 'sku-' || g, g % 40, 1 + g % 2000 from generate_series(1, 500) g;
insert into inventory.docs values (1, lo_from_bytea(0, convert_to('a large object, with ünïcode', 'UTF8')));
`;

/** Creates the shop database (its name may be as awkward as the objects in it). */
export async function createShopDatabase(cluster: TestCluster, database: string): Promise<void> {
  await cluster.query(`create database ${quoteIdentifier(database)}`);
  await cluster.query(shopSql, [], database);
}

/**
 * A fingerprint of every user table: row count and an md5 over its rows in a stable order, plus
 * the large objects' contents. Equal fingerprints mean identical contents.
 */
export async function tableFingerprints(cluster: TestCluster, database: string): Promise<Record<string, { rows: number; md5: string | null }>> {
  const client = await cluster.client(database);
  try {
    const tables = (
      await client.query<{ schema: string; name: string }>(
        `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_' order by 1, 2`,
      )
    ).rows;
    const result: Record<string, { rows: number; md5: string | null }> = {};
    for (const { schema, name } of tables) {
      const { rows } = await client.query<{ rows: string; md5: string | null }>(
        `select count(*) as rows, md5(string_agg(t::text, E'\\n' order by t::text)) as md5 from ${qualifiedName(schema, name)} t`,
      );
      result[`${schema}.${name}`] = { rows: Number(rows[0]!.rows), md5: rows[0]!.md5 };
    }
    const objects = await client.query<{ md5: string | null }>(
      "select md5(string_agg(md5(lo_get(oid)), ',' order by oid)) as md5 from pg_largeobject_metadata",
    );
    result['(large objects)'] = { rows: 0, md5: objects.rows[0]!.md5 };
    return result;
  } finally {
    await client.end();
  }
}
