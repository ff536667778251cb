import { field, required } from '../fields.ts';

/** Where a resource that lives in a subnet may be drawn (the validator flags anything but a subnet). */
export const IN_NETWORK = ['root', 'vpc', 'az', 'subnet'] as const;

export const AWS_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'ap-south-1',
  'ap-south-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-east-1',
  'me-south-1',
  'me-central-1',
  'af-south-1',
  'il-central-1',
] as const;

export const PROTOCOLS = ['tcp', 'udp', 'icmp', 'all'] as const;

/** Subnet ids forming a DB/cache subnet group, in addition to the subnet the node is drawn in. */
export const subnetGroup = () =>
  field.refs('Subnet group', ['subnet'], {
    help: 'Subnets of the subnet group besides the one the resource is drawn in. Multi-AZ needs subnets in at least two AZs.',
  });

export const protocolField = () => required(field.enum('Protocol', PROTOCOLS, { default: 'tcp' }));
export const fromPortField = () => field.integer('From port', { min: 0, max: 65535 });
export const toPortField = () => field.integer('To port', { min: 0, max: 65535 });

/** Databases with a `publiclyAccessible` property: a public address only when it is on. */
export const PUBLICLY_ACCESSIBLE = {
  when: (p: { publiclyAccessible?: boolean }) => p.publiclyAccessible === true,
  otherwise: 'is not publicly accessible',
} as const;

/** The default port of an RDS or Aurora engine (undefined for an engine we do not know). */
export function sqlEnginePort(engine: string | undefined): number | undefined {
  const e = engine ?? '';
  if (e.includes('postgres')) return 5432;
  if (e.includes('mysql') || e === 'mariadb') return 3306;
  if (e.startsWith('oracle')) return 1521;
  if (e.startsWith('sqlserver')) return 1433;
  return undefined;
}
