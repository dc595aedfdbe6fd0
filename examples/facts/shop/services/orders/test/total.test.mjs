import assert from 'node:assert';
import test from 'node:test';
import { total } from '../src/total.mjs';

test('total sums prices times quantities', () => {
  assert.equal(total([{ price: 2, quantity: 3 }, { price: 1 }]), 7);
});
