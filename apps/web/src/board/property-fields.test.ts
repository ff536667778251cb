import { type BoardNode, kindDef } from '@stratus/model';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Fields } from './PropertyPanel.tsx';

const vpc = (id: string, label: string) =>
  ({ id, kind: 'vpc', label, parentId: null, position: { x: 0, y: 0 }, props: {} }) as BoardNode;

describe("property panel: a Transit Gateway's route tables", () => {
  it('renders each table generically: its name, VPC checkboxes for associations and propagations, and its static routes', () => {
    const nodes = new Map(
      [vpc('prod', 'Prod'), vpc('dev', 'Dev'), vpc('shared', 'Shared')].map((n) => [n.id, n]),
    );
    const html = renderToStaticMarkup(
      createElement(Fields, {
        prefix: 'p',
        fields: kindDef('transit-gateway').fields,
        props: {
          routeTables: [
            {
              name: 'prod',
              associations: ['prod'],
              propagations: ['shared'],
              routes: [{ destinationCidr: '10.9.0.0/16', blackhole: true }],
            },
          ],
        },
        nodes,
        onChange: () => {},
      }),
    );
    expect(html).toContain('>Route tables<');
    expect(html).toContain('value="prod"');
    // One checkbox per VPC in each refs column, checked where listed.
    const checks = (col: string) =>
      [...html.matchAll(new RegExp(`id="p-routeTables-0-${col}"[^]*?</div>`, 'g'))][0]?.[0] ?? '';
    const checked = (col: string) =>
      [...checks(col).matchAll(/<input type="checkbox"( checked="")?\/>([^<]*)/g)].map((m) => [m[2], !!m[1]]);
    expect(checked('associations')).toEqual([
      ['Prod', true],
      ['Dev', false],
      ['Shared', false],
    ]);
    expect(checked('propagations')).toEqual([
      ['Prod', false],
      ['Dev', false],
      ['Shared', true],
    ]);
    // The table's routes: a list inside the row, with the same columns as the gateway's routes.
    expect(html).toContain('id="p-routeTables-0-routes-0-destinationCidr"');
    expect(html).toContain('value="10.9.0.0/16"');
  });
});
