import { describe, expect, it } from 'vitest';
import { closestMatches, editDistance, suggestionHint } from '../../../src/lib/manifest/suggest.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours as one edit each', () => {
    expect(editDistance('capacity', 'capasity')).toBe(1);
    expect(editDistance('subnets', 'subnet')).toBe(1);
    expect(editDistance('region', 'regoin')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('suggestions', () => {
  it('suggests the closest key, ignoring case', () => {
    expect(suggestionHint('graceperiod', ['gracePeriod', 'timeout'])).toBe('did you mean `gracePeriod`?');
  });

  it('names every equally close candidate', () => {
    expect(closestMatches('gp4', ['gp2', 'gp3', 'io1'])).toEqual(['gp2', 'gp3']);
  });

  it('lists what is allowed when nothing is close', () => {
    expect(suggestionHint('colour', ['service', 'region'])).toBe('allowed keys: service, region');
  });
});
