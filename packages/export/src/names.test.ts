import { describe, expect, it } from 'vitest';
import { snakeName } from './names.ts';

describe('snakeName', () => {
  it.each([
    ['Orders DB (primary)', 'rds-instance', 'orders_db_primary'],
    ['', 'rds-instance', 'db'],
    ['', 'load-balancer', 'lb'],
    ['2nd', 'load-balancer', 'lb_2nd'],
    ['', 'vpc', 'vpc'],
    ['', 'custom-origin', 'custom_origin'],
    ['', 'peering', 'peering'],
  ])(
    '%j of kind %s is %s (empty and digit-first labels take the kind’s exportName)',
    (label, kind, expected) => {
      expect(snakeName(label, kind)).toBe(expected);
    },
  );
});
