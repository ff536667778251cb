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

describe('property panel: fields that apply only to some settings', () => {
  const render = (kind: 'load-balancer' | 'api-gateway', props: Record<string, unknown>) =>
    renderToStaticMarkup(
      createElement(Fields, {
        prefix: 'p',
        fields: kindDef(kind).fields,
        props,
        nodes: new Map(),
        onChange: () => {},
      }),
    );
  const shown = (html: string, key: string) => html.includes(`data-field="${key}"`);

  it('shows cross-zone load balancing for a Network Load Balancer only', () => {
    expect(shown(render('load-balancer', {}), 'crossZone')).toBe(false); // an ALB by default
    expect(shown(render('load-balancer', { type: 'application' }), 'crossZone')).toBe(false);
    expect(shown(render('load-balancer', { type: 'network' }), 'crossZone')).toBe(true);
    expect(shown(render('load-balancer', { type: 'network' }), 'listeners')).toBe(true);
  });

  it("shows a REST API's endpoint type and VPC link version, not an HTTP API's, unless set to something else", () => {
    const http = render('api-gateway', {});
    expect([shown(http, 'endpointType'), shown(http, 'vpcLinkVersion'), shown(http, 'stageName')]).toEqual([
      false,
      false,
      true,
    ]);
    const rest = render('api-gateway', { apiType: 'REST' });
    expect([shown(rest, 'endpointType'), shown(rest, 'vpcLinkVersion')]).toEqual([true, true]);
    // An HTTP API left with a REST-only value (a finding says so) keeps the field to change it back.
    const leftOver = render('api-gateway', { apiType: 'HTTP', endpointType: 'PRIVATE' });
    expect([shown(leftOver, 'endpointType'), shown(leftOver, 'vpcLinkVersion')]).toEqual([true, false]);
  });
});
