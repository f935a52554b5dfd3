import { describe, expect, it } from 'vitest';
import { compileEventPattern, matchesEventPattern, WorkerOptionError } from '../../src/index.js';
import { fixture } from '../helpers/event-fixtures.js';

/**
 * One test per rule of EventBridge's event pattern grammar; each cites the page that states it:
 * PATTERNS  https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 * OPERATORS https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 * ARRAYS    https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
 * NULLS     https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html
 */
const ec2 = fixture('eventbridge-ec2');
const order = fixture('eventbridge-custom');
const matches = (pattern: Record<string, unknown>, event: unknown = order) =>
  matchesEventPattern(pattern, event);

describe('EventBridge event patterns', () => {
  it('PATTERNS: the documented EC2 pattern matches the documented EC2 event, and not another state', () => {
    const pattern = {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['terminated'] },
    };
    expect(matches(pattern, ec2)).toBe(true);
    expect(matches(pattern, { ...ec2, detail: { ...ec2.detail, state: 'running' } })).toBe(false);
  });

  it('PATTERNS: fields are ANDed, values of one field are ORed', () => {
    expect(matches({ source: ['other.app', 'my.app'], 'detail-type': ['OrderPlaced'] })).toBe(true);
    expect(matches({ source: ['my.app'], 'detail-type': ['OrderShipped'] })).toBe(false);
  });

  it('PATTERNS: a field the pattern names must be in the event, nested the same way', () => {
    expect(matches({ detail: { customer: { tier: ['gold'] } } })).toBe(true);
    expect(matches({ detail: { tier: ['gold'] } })).toBe(false);
    expect(matches({ detail: { missing: ['x'] } })).toBe(false);
  });

  it('OPERATORS (Equals): exact values are case-sensitive and typed (the number 250 is not the string "250")', () => {
    expect(matches({ detail: { amount: [250] } })).toBe(true);
    expect(matches({ detail: { amount: ['250'] } })).toBe(false);
    expect(matches({ 'detail-type': ['orderplaced'] })).toBe(false);
  });

  it('ARRAYS: an array in the event matches when any of its values does', () => {
    const event = { ...order, resources: ['arn:a', 'arn:b'] };
    expect(matches({ resources: ['arn:b', 'arn:z'] }, event)).toBe(true);
    expect(matches({ resources: ['arn:z'] }, event)).toBe(false);
  });

  it('NULLS: null matches a null value, not a missing field; "" matches an empty string', () => {
    const event = { ...order, detail: { coupon: null, note: '' } };
    expect(matches({ detail: { coupon: [null] } }, event)).toBe(true);
    expect(matches({ detail: { absent: [null] } }, event)).toBe(false);
    expect(matches({ detail: { note: [''] } }, event)).toBe(true);
    expect(matches({ detail: { note: [null] } }, event)).toBe(false);
  });

  it('OPERATORS (Begins with): prefix, and prefix with equals-ignore-case', () => {
    expect(matches({ time: [{ prefix: '2024-05-06' }] })).toBe(true);
    expect(matches({ time: [{ prefix: '2024-05-07' }] })).toBe(false);
    expect(matches({ 'detail-type': [{ prefix: { 'equals-ignore-case': 'ORDER' } }] })).toBe(true);
    expect(matches({ 'detail-type': [{ prefix: 'ORDER' }] })).toBe(false);
  });

  it('OPERATORS (Ends with): suffix, and suffix with equals-ignore-case', () => {
    expect(matches({ 'detail-type': [{ suffix: 'Placed' }] })).toBe(true);
    expect(matches({ 'detail-type': [{ suffix: 'Shipped' }] })).toBe(false);
    expect(matches({ 'detail-type': [{ suffix: { 'equals-ignore-case': 'PLACED' } }] })).toBe(true);
  });

  it('OPERATORS (Equals, ignore case): equals-ignore-case', () => {
    expect(matches({ source: [{ 'equals-ignore-case': 'MY.APP' }] })).toBe(true);
    expect(matches({ source: [{ 'equals-ignore-case': 'MY.AP' }] })).toBe(false);
  });

  it('OPERATORS (Anything-but): a value, a list of strings or numbers; a missing field never matches', () => {
    expect(matches({ detail: { orderId: [{ 'anything-but': 'o-1' }] } })).toBe(true);
    expect(matches({ detail: { orderId: [{ 'anything-but': 'o-42' }] } })).toBe(false);
    expect(matches({ detail: { orderId: [{ 'anything-but': ['o-1', 'o-42'] }] } })).toBe(false);
    expect(matches({ detail: { amount: [{ 'anything-but': [100, 200] }] } })).toBe(true);
    expect(matches({ detail: { amount: [{ 'anything-but': 250 }] } })).toBe(false);
    expect(matches({ detail: { absent: [{ 'anything-but': 'x' }] } })).toBe(false);
  });

  it('OPERATORS (Anything-but begins with / ends with / ignore case / wildcard)', () => {
    expect(matches({ region: [{ 'anything-but': { prefix: 'us-' } }] })).toBe(false);
    expect(matches({ region: [{ 'anything-but': { prefix: 'eu-' } }] })).toBe(true);
    expect(matches({ 'detail-type': [{ 'anything-but': { suffix: 'Placed' } }] })).toBe(false);
    expect(matches({ source: [{ 'anything-but': { 'equals-ignore-case': ['MY.APP', 'x'] } }] })).toBe(false);
    expect(matches({ source: [{ 'anything-but': { 'equals-ignore-case': 'OTHER' } }] })).toBe(true);
    expect(matches({ source: [{ 'anything-but': { wildcard: 'my.*' } }] })).toBe(false);
    expect(matches({ source: [{ 'anything-but': { wildcard: ['x*', 'y*'] } }] })).toBe(true);
  });

  it('OPERATORS (Numeric): one comparison or a range; only JSON numbers match', () => {
    expect(matches({ detail: { amount: [{ numeric: ['>', 100] }] } })).toBe(true);
    expect(matches({ detail: { amount: [{ numeric: ['>', 100, '<=', 250] }] } })).toBe(true);
    expect(matches({ detail: { amount: [{ numeric: ['>', 100, '<', 250] }] } })).toBe(false);
    expect(matches({ detail: { amount: [{ numeric: ['=', 2.5e2] }] } })).toBe(true);
    expect(matches({ detail: { amount: [{ numeric: ['>=', 251] }] } })).toBe(false);
    expect(matches({ detail: { orderId: [{ numeric: ['>', 0] }] } })).toBe(false);
  });

  it('OPERATORS (Exists): true for a present leaf, false for a missing field or a non-leaf (an object)', () => {
    expect(matches({ detail: { orderId: [{ exists: true }] } })).toBe(true);
    expect(matches({ detail: { coupon: [{ exists: true }] } })).toBe(false);
    expect(matches({ detail: { coupon: [{ exists: false }] } })).toBe(true);
    expect(matches({ detail: { orderId: [{ exists: false }] } })).toBe(false);
    // The documentation's own example: `c-count` holding an object is not a leaf, so exists:false matches.
    expect(matches({ detail: { customer: [{ exists: false }] } })).toBe(true);
  });

  it('OPERATORS (Wildcard): * is any run of characters, \\* a literal star; ** is refused', () => {
    expect(matches({ 'detail-type': [{ wildcard: 'Order*' }] })).toBe(true);
    expect(matches({ 'detail-type': [{ wildcard: '*der*ced' }] })).toBe(true);
    expect(matches({ 'detail-type': [{ wildcard: 'Order' }] })).toBe(false);
    const starred = { ...order, detail: { name: 'a*b' } };
    expect(matches({ detail: { name: [{ wildcard: 'a\\*b' }] } }, starred)).toBe(true);
    expect(
      matches({ detail: { name: [{ wildcard: 'a\\*b' }] } }, { ...order, detail: { name: 'axb' } }),
    ).toBe(false);
    expect(() => compileEventPattern({ source: [{ wildcard: 'a**' }] })).toThrow(/consecutive wildcard/);
  });

  it('OPERATORS (IP address): cidr, IPv4 and IPv6', () => {
    const event = (ip: string) => ({ ...order, detail: { sourceIPAddress: ip } });
    const v4 = { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } };
    expect(matches(v4, event('10.0.0.255'))).toBe(true);
    expect(matches(v4, event('10.0.1.1'))).toBe(false);
    expect(matches({ detail: { sourceIPAddress: [{ cidr: '2001:db8::/32' }] } }, event('2001:db8::1'))).toBe(
      true,
    );
  });

  it('OPERATORS (Or): $or matches when any of its patterns does, with the other fields still ANDed', () => {
    const pattern = {
      source: ['my.app'],
      $or: [{ detail: { amount: [{ numeric: ['>', 1000] }] } }, { detail: { customer: { tier: ['gold'] } } }],
    };
    expect(matches(pattern)).toBe(true);
    expect(matches({ ...pattern, source: ['other'] })).toBe(false);
    expect(matches(pattern, { ...order, detail: { amount: 5, customer: { tier: 'silver' } } })).toBe(false);
  });

  it('a malformed pattern fails when compiled, naming the path of what is wrong', () => {
    const where = 'onEvent("x").pattern';
    expect(() => compileEventPattern({ detail: { amount: [{ numerc: ['>', 1] }] } }, where)).toThrow(
      new WorkerOptionError(`${where}.detail.amount[0]`, 'unknown operator "numerc"'),
    );
    expect(() => compileEventPattern({ source: 'my.app' }, where)).toThrow(/onEvent\("x"\)\.pattern\.source/);
    expect(() => compileEventPattern({ detail: { n: [{ numeric: ['>>', 1] }] } })).toThrow(/numeric\[0\]/);
    expect(() => compileEventPattern({ source: [] })).toThrow(/at least one value/);
    expect(() => compileEventPattern({ $or: [{ a: ['x'] }] })).toThrow(/at least two patterns/);
    expect(() => compileEventPattern({ ip: [{ cidr: '10.0.0.0/33' }] })).toThrow(/IP address block/);
    expect(() => compileEventPattern({})).toThrow(/at least one field/);
  });
});
