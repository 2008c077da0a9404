import { describe, expect, it } from 'vitest';
import { BudgetRegistry, RequestBudget } from '../../../src/lib/aws/budget.js';
import { VirtualClock } from '../../../src/lib/clock/index.js';

const POLICY = { ratePerSec: 10, burst: 3, minRatePerSec: 1, recoveryPerSuccess: 1 };

describe('RequestBudget', () => {
  it('lets a burst through at once, then paces requests at the refill rate', async () => {
    const clock = new VirtualClock();
    const budget = new RequestBudget(clock, POLICY);
    const start = clock.now();

    for (let i = 0; i < 3; i++) await budget.take();
    const afterBurst = clock.now() - start;
    for (let i = 0; i < 5; i++) await budget.take();

    expect(afterBurst).toBe(0);
    expect(clock.now() - start).toBe(500);
  });

  it('queues concurrent callers one behind the other', async () => {
    const clock = new VirtualClock();
    const budget = new RequestBudget(clock, { ...POLICY, burst: 1 });
    const start = clock.now();
    const doneAt: number[] = [];

    await Promise.all([0, 1, 2].map(async () => (await budget.take(), doneAt.push(clock.now() - start))));

    expect(doneAt).toEqual([0, 100, 200]);
  });

  it('halves the rate and pauses everyone on throttling, then grows back with successes', async () => {
    const clock = new VirtualClock();
    const budget = new RequestBudget(clock, POLICY);

    budget.onThrottled();
    const halved = budget.ratePerSec;
    const start = clock.now();
    await budget.take();
    const pause = clock.now() - start;
    budget.onThrottled();
    budget.onThrottled();
    budget.onThrottled();
    const floor = budget.ratePerSec;
    for (let i = 0; i < 20; i++) budget.onSuccess();

    expect(halved).toBe(5);
    expect(pause).toBe(200);
    expect(floor).toBe(1);
    expect(budget.ratePerSec).toBe(10);
  });
});

describe('BudgetRegistry', () => {
  it('shares one budget per service and region', () => {
    const registry = new BudgetRegistry(new VirtualClock(), POLICY);

    expect(registry.get('autoscaling', 'us-east-1')).toBe(registry.get('autoscaling', 'us-east-1'));
    expect(registry.get('autoscaling', 'us-east-1')).not.toBe(registry.get('autoscaling', 'eu-west-1'));
    expect(registry.get('autoscaling', 'us-east-1')).not.toBe(registry.get('elbv2', 'us-east-1'));
  });
});
