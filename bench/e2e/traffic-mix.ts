import type pg from 'pg';

export type Order = { kind: 'request' | 'contact'; path: string; body: unknown };

const everydayDrinks = ['espresso', 'cappuccino', 'latte', 'hot-chocolate', 'green-tea'];

/**
 * Active machines with stock no run can exhaust, inserted directly (not through POST /machines),
 * so the load measures drink requests rather than machine setup. Every drink is stocked.
 */
export async function seedBenchMachines(pool: pg.Pool, tag: string, count: number) {
  const { rows } = await pool.query<{ id: string }>(
    `insert into machines (id, name, country, city, status)
     select gen_random_uuid(), $1 || ' machine ' || n, 'Switzerland', 'Bern', 'active'
     from generate_series(1, $2::int) as n returning id`,
    [tag, count],
  );
  const ids = rows.map((row) => row.id);
  await pool.query(
    `insert into machine_inventory (machine_id, drink_id, stock)
     select m, d.id, 100000000 from unnest($1::uuid[]) as m cross join drinks d`,
    [ids],
  );
  return ids;
}

/**
 * A realistic mix: nine in ten are drink requests spread over a few busy machines, mostly
 * everyday drinks with the odd premium one, the rest contact forms. Deterministic in `index`,
 * and every customer name starts with `tag`, so one run's rows are easy to tell apart.
 */
export function createTrafficMix(options: { tag: string; machineIds: string[] }) {
  const { tag, machineIds } = options;
  return function orderFor(index: number): Order {
    if (index % 10 === 9) {
      return {
        kind: 'contact',
        path: '/contacts',
        body: {
          name: `${tag} contact ${index}`,
          email: `bench-${index}@example.com`,
          phone: '+41 79 123 45 67',
          companyName: index % 20 === 9 ? 'Bench Offices AG' : null,
          message: 'Could you place a machine in our lobby? We are about 40 people.',
        },
      };
    }
    const drinkId = index % 25 === 0 ? 'cold-brew' : everydayDrinks[index % everydayDrinks.length];
    return {
      kind: 'request',
      path: '/requests',
      body: {
        customerName: `${tag} customer ${index}`,
        drinkId,
        machineId: machineIds[index % machineIds.length],
      },
    };
  };
}
