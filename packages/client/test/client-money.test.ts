// Amount wire formats per API and site (spec §10.3), exact with no float arithmetic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amount, fromLegacyAmount, fromOrdersAmount, toLegacyAmount, toOrdersAmount, AmountError } from '../src/index.ts';

test('decimal strings → Orders strings and legacy numbers', () => {
  assert.equal(amount('150.50', 'MLA').toOrders(), '150.50');
  assert.equal(amount('150.5', 'MLA').toOrders(), '150.50');
  assert.equal(amount('150', 'MLB').toOrders(), '150.00');
  assert.equal(amount('0.05', 'MLM').toOrders(), '0.05');
  assert.equal(amount('150.50', 'MLA').toLegacy(), 150.5);
  assert.equal(amount('150.50', 'MLA').minor, 15050);
  assert.equal(`${amount('7', 'MLU')}`, '7.00');
});

test('minor units (number or bigint) → wire formats', () => {
  assert.equal(toOrdersAmount(15050, 'MLA'), '150.50');
  assert.equal(toOrdersAmount(5, 'MLA'), '0.05');
  assert.equal(toOrdersAmount(0, 'MPE'), '0.00');
  assert.equal(toOrdersAmount(1500, 'MLC'), '1500');
  assert.equal(toOrdersAmount(1500n, 'MCO'), '1500');
  assert.equal(toLegacyAmount(15050, 'MLA'), 150.5);
  assert.equal(toLegacyAmount(1500, 'MLC'), 1500);
  assert.equal(amount(15050n, 'MLA').toOrders(), '150.50');
});

test('"0.1" + "0.2" is exactly 0.30', () => {
  const sum = amount('0.1', 'MLA').plus('0.2');
  assert.equal(sum.minor, 30);
  assert.equal(sum.toOrders(), '0.30');
  assert.equal(sum.toLegacy(), 0.3);
  assert.equal(amount('1.10', 'MLB').plus(amount('2.20', 'MLB')).toOrders(), '3.30');
  assert.throws(() => amount('1', 'MLA').plus(amount('1', 'MLB')), /cannot add BRL to ARS/);
});

test('CLP and COP take integers only', () => {
  assert.throws(() => amount('1500.50', 'MLC'), (e: unknown) => e instanceof AmountError && /CLP \(MLC\) amounts must be integers/.test(e.message));
  assert.throws(() => amount('1500.5', 'MCO'), /COP \(MCO\) amounts must be integers/);
  assert.throws(() => fromLegacyAmount(10.5, 'MLC'), /must be integers/);
  assert.equal(amount('1500.00', 'MLC').toOrders(), '1500');
  assert.equal(amount('1500', 'MCO').toLegacy(), 1500);
});

test('bad input is refused with a clear error', () => {
  assert.throws(() => amount('150.505', 'MLA'), /more than 2 decimals \(ARS\)/);
  assert.throws(() => amount('-1', 'MLA'), /not a non-negative decimal/);
  assert.throws(() => amount('1e3', 'MLA'), /not a non-negative decimal/);
  assert.throws(() => amount('', 'MLA'), /not a non-negative decimal/);
  assert.throws(() => amount('1,50', 'MLA'), /not a non-negative decimal/);
  assert.throws(() => amount(150.5, 'MLA'), /safe integer.*pass a string like "150.50"/);
  assert.throws(() => amount(-5, 'MLA'), /must not be negative/);
  assert.throws(() => amount('99999999999999999', 'MLA'), /too large/);
  assert.throws(() => toOrdersAmount(2n ** 60n, 'MLA'), /safe integer/);
  assert.throws(() => amount('1', 'XXX' as 'MLA'), /unknown site_id "XXX"/);
});

test('parsing back from the wire is exact', () => {
  assert.equal(fromOrdersAmount('150.50', 'MLA'), 15050);
  assert.equal(fromOrdersAmount('1500', 'MLC'), 1500);
  assert.equal(fromLegacyAmount(150.5, 'MLA'), 15050);
  assert.throws(() => fromLegacyAmount(0.1 + 0.2, 'MLA'), /more than 2 decimals/);
  assert.equal(fromLegacyAmount(1.15, 'MLA'), 115);
  assert.equal(fromLegacyAmount(19.99, 'MLA'), 1999);
  assert.throws(() => fromLegacyAmount(Number.NaN, 'MLA'), /finite/);
  assert.throws(() => fromOrdersAmount(150 as unknown as string, 'MLA'), /strings/);
  for (const minor of [0, 1, 9, 10, 99, 100, 101, 1999, 123456789]) {
    assert.equal(fromLegacyAmount(toLegacyAmount(minor, 'MLA'), 'MLA'), minor);
    assert.equal(fromOrdersAmount(toOrdersAmount(minor, 'MLA'), 'MLA'), minor);
  }
});
