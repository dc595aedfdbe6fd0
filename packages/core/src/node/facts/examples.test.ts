import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadDependencyFacts } from './dependency-facts.js';
import { readExtraFacts } from './extra-facts.js';
import { loadServiceCatalog } from './services/load-service-catalog.js';

// The files of examples/facts, which docs/facts.md shows, are read by the readers that use them.
const EXAMPLES = join(import.meta.dirname, '../../../../../examples/facts');
const read = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');

describe('examples/facts', () => {
  test('services.yaml and catalog-info.yaml are catalogs of the same orders service', () => {
    const [orders, search] = loadServiceCatalog(read('services.yaml'), { source: 'services.yaml', dir: '' });
    expect([orders?.name, orders?.slo, orders?.canary, orders?.killSwitch]).toEqual([
      'orders',
      true,
      true,
      true,
    ]);
    expect(search?.killSwitch).toEqual({ flag: 'search-kill-switch' });
    const [backstage] = loadServiceCatalog(read('catalog-info.yaml'), {
      source: 'catalog-info.yaml',
      dir: '',
    });
    expect(backstage?.owns('services/orders/src/total.mjs')).toBe(true);
    expect(backstage?.owns('services/search/src/rank.mjs')).toBe(false);
  });

  test('dependency-facts.yaml and migration-dry-run.json load', () => {
    const facts = loadDependencyFacts(read('dependency-facts.yaml'), 'dependency-facts.yaml');
    expect(facts.score('go', 'github.com/google/uuid')).toBe(0.85);
    expect(facts.allowlisted?.('npm', '@acme/ui')).toBe(true);
    expect(readExtraFacts(read('migration-dry-run.json'), 'migration-dry-run.json').entries).toEqual([
      ['/data/rowsAffected', 2500000],
    ]);
  });
});
