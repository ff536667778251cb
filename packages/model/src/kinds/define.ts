import type { Field } from '../fields.ts';

export type Category = 'network' | 'compute' | 'database' | 'messaging' | 'edge' | 'actor' | 'whiteboard';

export const ROOT = 'root' as const;

export interface KindDef<K extends string = string, F extends Record<string, Field> = Record<string, Field>> {
  readonly kind: K;
  /** Name shown in the palette and on the property panel. */
  readonly title: string;
  readonly category: Category;
  /** One sentence for the palette's tooltip. */
  readonly description: string;
  /** Key of the AWS architecture icon the canvas draws (see apps/web icon map). */
  readonly icon: string;
  /** Containers (VPC, AZ, subnet) hold other nodes and have a size. */
  readonly container: boolean;
  /**
   * Where a node of this kind may be placed: `root` (the canvas itself) or inside a container of
   * the listed kinds. This is structure, checked on import: a DynamoDB table inside a subnet is
   * rejected. Whether a placement is *correct AWS* (an RDS instance at the root instead of in a
   * subnet) is the validator's business, so such in-progress placements are allowed here.
   */
  readonly parents: readonly string[];
  readonly fields: F;
  /** Properties shown on the node's face, in order. */
  readonly face: readonly (keyof F & string)[];
  /** Ignored by the validator and the exporters (notes, stickies, frames). */
  readonly whiteboard?: boolean;
  /** Default size for containers and whiteboard boxes. */
  readonly defaultSize?: { readonly width: number; readonly height: number };
}

export const defineKind = <const K extends string, const F extends Record<string, Field>>(
  def: KindDef<K, F>,
): KindDef<K, F> => def;
