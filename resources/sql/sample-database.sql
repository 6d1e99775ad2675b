-- Tidemark's sample database: a small shop, loaded into `tidemark_sample` when the sandbox is
-- created. Enough related data to back up, restore a table from, and recover to a point in time:
-- four tables joined by foreign keys, an enum, indexes, a view, a few hundred rows of mixed types.
-- setseed() makes the generated rows the same on every machine.

select setseed(0.42);

create type order_status as enum ('pending', 'paid', 'shipped', 'delivered', 'cancelled');

create table customers (
  customer_id      integer generated always as identity primary key,
  email            text not null unique,
  full_name        text not null,
  country_code     char(2) not null,
  signed_up_at     timestamptz not null,
  marketing_opt_in boolean not null default false,
  preferences      jsonb not null default '{}'
);

create table products (
  product_id   integer generated always as identity primary key,
  sku          text not null unique,
  name         text not null,
  unit_price   numeric(10, 2) not null check (unit_price >= 0),
  weight_grams integer,
  tags         text[] not null default '{}',
  launched_on  date not null,
  discontinued boolean not null default false
);

create table orders (
  order_id         bigint generated always as identity primary key,
  customer_id      integer not null references customers on delete restrict,
  status           order_status not null,
  ordered_at       timestamptz not null,
  shipping_address text,
  external_ref     uuid not null default gen_random_uuid()
);
create index orders_by_customer on orders (customer_id, ordered_at desc);

create table order_items (
  order_id   bigint not null references orders on delete cascade,
  line_no    smallint not null,
  product_id integer not null references products,
  quantity   integer not null check (quantity > 0),
  unit_price numeric(10, 2) not null,
  primary key (order_id, line_no)
);
create index order_items_by_product on order_items (product_id);

insert into customers (email, full_name, country_code, signed_up_at, marketing_opt_in, preferences)
select format('customer%s@example.com', n),
       (array['Ada', 'Grace', 'Linus', 'Barbara', 'Edsger', 'Margaret', 'Ken', 'Frances'])[1 + n % 8]
         || ' ' || (array['Lovelace', 'Hopper', 'Torvalds', 'Liskov', 'Dijkstra', 'Hamilton', 'Thompson', 'Allen'])[1 + (n * 3) % 8],
       (array['US', 'GB', 'DE', 'FR', 'JP', 'BR', 'IN', 'NL'])[1 + (n * 5) % 8],
       timestamptz '2023-01-01 00:00+00' + n * interval '1 day 3 hours',
       n % 3 = 0,
       jsonb_build_object('newsletter', n % 3 = 0, 'language', (array['en', 'de', 'fr', 'ja'])[1 + n % 4])
from generate_series(1, 200) as n;

insert into products (sku, name, unit_price, weight_grams, tags, launched_on, discontinued)
select format('SKU-%s', lpad(n::text, 4, '0')),
       (array['Tide clock', 'Anchor mug', 'Sea chart', 'Brass compass', 'Rope bracelet', 'Lighthouse print', 'Buoy lamp', 'Deck knife'])[1 + n % 8]
         || ' no. ' || n,
       round((5 + random() * 195)::numeric, 2),
       case when n % 5 = 0 then null else 100 + (random() * 2000)::int end,
       array[(array['home', 'outdoor', 'gift', 'kitchen'])[1 + n % 4]],
       date '2022-03-01' + (n * 11),
       n % 17 = 0
from generate_series(1, 50) as n;

insert into orders (customer_id, status, ordered_at, shipping_address)
select 1 + (random() * 199)::int,
       (enum_range(null::order_status))[1 + (random() * 4)::int],
       timestamptz '2024-01-01 00:00+00' + random() * interval '365 days',
       case when n % 10 = 0 then null else format('%s Harbour Street, Port %s', n, 1 + n % 40) end
from generate_series(1, 400) as n;

insert into order_items (order_id, line_no, product_id, quantity, unit_price)
select o.order_id, l.line_no, p.product_id, 1 + (random() * 4)::int, p.unit_price
from orders as o
cross join lateral generate_series(1, 1 + (o.order_id % 4)::int) as l (line_no)
join products as p on p.product_id = 1 + (o.order_id * 7 + l.line_no * 13) % 50;

create view order_totals as
select o.order_id, c.email, o.status, o.ordered_at,
       sum(i.quantity * i.unit_price) as total,
       count(*) as line_count
from orders as o
join customers as c using (customer_id)
join order_items as i using (order_id)
group by o.order_id, c.email;

analyze;
