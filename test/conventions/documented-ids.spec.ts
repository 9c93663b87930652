import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedRetailerWorld } from '../../apps/sandbox/src/world/retailer-world.seed';

const OPENAPI = join(__dirname, '..', '..', 'openapi');

/** What the sandbox seeds on every start and reset: built by its own seed code, so no list is kept here. */
interface Seeded {
  stores: Map<string, string[]>;
  skus: Set<string>;
  members: Set<string>;
}

function seeded(): Seeded {
  const world = seedRetailerWorld(Date.now());
  return {
    stores: new Map([...world.stores.values()].map((s) => [s.storeId, s.registers])),
    skus: new Set(world.products.keys()),
    members: new Set(world.members.keys()),
  };
}

/** Where in a document an example sits. */
type Place = 'parameter' | 'schema' | 'body';

/** One documented example value, with the name of the parameter or property it is the example of. */
interface Example {
  where: string;
  place: Place;
  name?: string;
  value: unknown;
}

function placeOf(where: string): Place {
  if (where.includes('.parameters[')) return 'parameter';
  if (where.includes('.content.')) return 'body';
  return 'schema';
}

/**
 * Every example of an OpenAPI document: `example` and `examples` of parameters, schemas, properties
 * and media types (request and response bodies), each with the parameter or property name it
 * belongs to, so a value is judged by what it is the example of.
 */
function examplesOf(node: unknown, where = '', name?: string): Example[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => examplesOf(item, `${where}[${i}]`, name));
  if (!node || typeof node !== 'object') return [];
  const object = node as Record<string, unknown>;
  const own = typeof object.name === 'string' && typeof object.in === 'string' ? object.name : name;
  return Object.entries(object).flatMap(([key, child]): Example[] => {
    const at = `${where}.${key}`;
    if (key === 'example') return [{ where: at, place: placeOf(at), name: own, value: child }];
    if (key === 'examples' && Array.isArray(child))
      return child.map((value, i) => ({ where: `${at}[${i}]`, place: placeOf(at), name: own, value }));
    if (key === 'examples' && child && typeof child === 'object')
      return Object.entries(child as Record<string, { summary?: string; value?: unknown }>).flatMap(
        ([example, { summary, value }]) => [
          { where: `${at}.${example}`, place: placeOf(at), name: own, value },
          { where: `${at}.${example}.summary`, place: placeOf(at), value: summary },
        ],
      );
    if (key === 'properties' && child && typeof child === 'object')
      return Object.entries(child).flatMap(([property, schema]) =>
        examplesOf(schema, `${at}.${property}`, property),
      );
    return examplesOf(child, at, own);
  });
}

type Kind = 'store' | 'register' | 'sku' | 'unknown sku' | 'member';

/** A store id, register, SKU or member an example names. */
interface Mention {
  kind: Kind;
  value: string;
  /** The store a register is named with. */
  store?: string;
}

/** The parameter and property names (ours and the backends' dialects) whose values are ids of one kind. */
const NAMED: [RegExp, Kind][] = [
  [/^(storeIds?|storeCode|store_code|locationId|Plant)$/, 'store'],
  [/^registerId$/, 'register'],
  [/^(skus?|Material|item_ids|productKey)$/, 'sku'],
  [/^unknownSkus$/, 'unknown sku'],
  [/^(memberId|memberNumber)$/, 'member'],
];

/** The ids `value` names: by the field it is the value of, and store ids and sale keys in any text. */
function mentionsIn(value: unknown, name?: string): Mention[] {
  if (Array.isArray(value)) return value.flatMap((item) => mentionsIn(item, name));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, child]) => mentionsIn(child, key));
  if (typeof value !== 'string') return [];
  const kind = NAMED.find(([pattern]) => name !== undefined && pattern.test(name))?.[1];
  return [
    ...(kind ? value.split(',').map((part) => ({ kind, value: part.trim() })) : []),
    // A store id anywhere: a path, a vendor reference (POS-ST-6930-R02-000153), a summary.
    ...[...value.matchAll(/\bST-\d+\b/g)].map(([storeId]) => ({ kind: 'store' as const, value: storeId })),
    // A sale key or a reference built on one: store:register:sequence.
    ...[...value.matchAll(/\b(ST-\d+):([A-Za-z0-9-]+):\d+/g)].map(([, store, register]) => ({
      kind: 'register' as const,
      value: register,
      store,
    })),
    // An OData $filter names its values by the ERP's field names: Plant eq '...' and Material eq '...'.
    ...[...value.matchAll(/(\w+) eq '([^']*)'/g)].flatMap(([, field, literal]) => mentionsIn(literal, field)),
  ];
}

/** Why `mention` is not something the sandbox seeds, or undefined when it is. */
function offence(mention: Mention, seed: Seeded): string | undefined {
  switch (mention.kind) {
    case 'store':
      return seed.stores.has(mention.value) ? undefined : `store ${mention.value} is not seeded`;
    case 'register': {
      const registers = mention.store
        ? (seed.stores.get(mention.store) ?? [])
        : [...seed.stores.values()].flat();
      return registers.includes(mention.value)
        ? undefined
        : `register ${mention.value} is not seeded${mention.store ? ` at ${mention.store}` : ''}`;
    }
    case 'sku':
      return seed.skus.has(mention.value) ? undefined : `sku ${mention.value} is not seeded`;
    case 'unknown sku':
      // The example of an answer's unknown SKUs must be one the sandbox does not know.
      return seed.skus.has(mention.value) ? `unknown sku ${mention.value} is a seeded sku` : undefined;
    case 'member':
      return seed.members.has(mention.value) ? undefined : `member ${mention.value} is not seeded`;
  }
}

/** Every example of `document` that names an id the sandbox does not seed, as `where: why`. */
function unseededIn(document: unknown, seed: Seeded): string[] {
  const found = examplesOf(document).flatMap((example) =>
    mentionsIn(example.value, example.name)
      .map((mention) => offence(mention, seed))
      .filter((why) => why !== undefined)
      .map((why) => `${example.where}: ${why}`),
  );
  return [...new Set(found)];
}

const DOCUMENTS = readdirSync(OPENAPI)
  .filter((file) => file.endsWith('.json'))
  .map((file) => [file, JSON.parse(readFileSync(join(OPENAPI, file), 'utf8')) as unknown] as const);

/**
 * "Try it out" with a documented example reaches the sandbox: every store id, register, SKU and
 * member that an example of a committed OpenAPI document names is one the sandbox seeds.
 */
describe('the ids named in documented examples', () => {
  const seed = seeded();

  it('reads every committed document', () => {
    expect(DOCUMENTS.map(([file]) => file)).toEqual(
      expect.arrayContaining([
        'experience-storefront.json',
        'experience-pos.json',
        'process-orders.json',
        'system-erp.json',
        'system-pos.json',
        'system-loyalty.json',
        'system-oms.json',
        'sandbox.json',
        'control-tower.json',
      ]),
    );
  });

  it.each(DOCUMENTS)('are seeded by the sandbox in %s', (_file, document) => {
    expect(unseededIn(document, seed)).toEqual([]);
  });

  it('finds store ids, SKUs and members in parameter, schema and body examples', () => {
    const places = new Map<Kind, Set<Place>>();
    for (const [, document] of DOCUMENTS)
      for (const example of examplesOf(document))
        for (const mention of mentionsIn(example.value, example.name))
          places.set(mention.kind, (places.get(mention.kind) ?? new Set()).add(example.place));
    const all = ['body', 'parameter', 'schema'];
    expect({
      store: [...(places.get('store') ?? [])].sort(),
      sku: [...(places.get('sku') ?? [])].sort(),
      member: [...(places.get('member') ?? [])].sort(),
      register: [...(places.get('register') ?? [])].sort(),
    }).toEqual({ store: all, sku: all, member: all, register: all });
  });

  it('reports a store, register, SKU or member the sandbox does not seed, wherever an example names it', () => {
    const document = {
      paths: {
        '/v1/stores/{storeId}/prices': {
          get: {
            parameters: [
              { name: 'storeId', in: 'path', schema: { example: 'ST-4821' } },
              { name: '$filter', in: 'query', example: "Plant eq 'ST-6930' and (Material eq '40213377')" },
            ],
            requestBody: {
              content: {
                'application/json': {
                  examples: {
                    sale: {
                      summary: 'A sale at store ST-6930',
                      value: { memberId: '6041234567890', lines: [{ sku: '11842290' }] },
                    },
                  },
                },
              },
            },
          },
        },
      },
      components: {
        schemas: {
          Sale: {
            properties: {
              saleKey: { example: 'ST-6930:REG-01:1042' },
              unknownSkus: { type: 'array', items: { type: 'string' }, example: ['27023702'] },
            },
          },
        },
      },
    };
    expect(unseededIn(document, seed).sort()).toEqual(
      [
        '.paths./v1/stores/{storeId}/prices.get.parameters[0].schema.example: store ST-4821 is not seeded',
        '.paths./v1/stores/{storeId}/prices.get.parameters[1].example: sku 40213377 is not seeded',
        '.paths./v1/stores/{storeId}/prices.get.requestBody.content.application/json.examples.sale: member 6041234567890 is not seeded',
        '.paths./v1/stores/{storeId}/prices.get.requestBody.content.application/json.examples.sale: sku 11842290 is not seeded',
        '.components.schemas.Sale.properties.saleKey.example: register REG-01 is not seeded at ST-6930',
        '.components.schemas.Sale.properties.unknownSkus.example: unknown sku 27023702 is a seeded sku',
      ].sort(),
    );
  });
});
