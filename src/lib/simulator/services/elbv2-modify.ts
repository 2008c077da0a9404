import type {
  Action,
  DeregisterTargetsCommandInput,
  ModifyListenerCommandInput,
  ModifyRuleCommandInput,
  ModifyTargetGroupAttributesCommandInput,
  RegisterTargetsCommandInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';

import { AwsFault, validationError } from '../aws-fault.js';
import { deregisterTarget, registerTarget } from '../model/targets.js';
import type { ActionState } from '../types.js';
import type { World } from '../world.js';
import { defaultRuleArn, listenerShape, requireTargetGroup, ruleShape } from './elbv2-describe.js';
import { copy, type Handler } from './shapes.js';

type WeightedGroup = { TargetGroupArn?: string; Weight?: number };

/**
 * Normalises a forward action the way ELBv2 stores it: a plain `TargetGroupArn` also gets a
 * one-entry ForwardConfig at weight 1, and a one-entry ForwardConfig also gets `TargetGroupArn`.
 */
function normaliseAction(world: World, action: Action): ActionState {
  const out = copy(action) as Record<string, unknown> & Action;
  if (out.Type !== 'forward') return out;
  const groups: WeightedGroup[] =
    out.ForwardConfig?.TargetGroups ??
    (out.TargetGroupArn ? [{ TargetGroupArn: out.TargetGroupArn, Weight: 1 }] : []);
  if (groups.length === 0)
    throw validationError('A target group ARN must be specified for a forward action.');
  if (groups.length > 5) throw validationError('You can specify up to 5 target groups in a forward action.');
  for (const g of groups) {
    requireTargetGroup(world, g.TargetGroupArn);
    g.Weight ??= 1;
    if (!Number.isInteger(g.Weight) || g.Weight < 0 || g.Weight > 999)
      throw validationError(`Weight ${g.Weight} must be between 0 and 999.`);
  }
  if (new Set(groups.map((g) => g.TargetGroupArn)).size < groups.length)
    throw validationError('A target group can be specified only once in a forward action.');
  if (
    out.TargetGroupArn &&
    out.ForwardConfig &&
    (groups.length !== 1 || groups[0]!.TargetGroupArn !== out.TargetGroupArn)
  ) {
    throw validationError(
      'You cannot specify a target group ARN in the action together with a different ForwardConfig.',
    );
  }
  out.ForwardConfig = {
    TargetGroups: groups.map((g) => ({ TargetGroupArn: g.TargetGroupArn, Weight: g.Weight })),
    TargetGroupStickinessConfig: out.ForwardConfig?.TargetGroupStickinessConfig ?? { Enabled: false },
  };
  if (groups.length === 1) out.TargetGroupArn = groups[0]!.TargetGroupArn;
  else delete out.TargetGroupArn;
  return out;
}

function modifyListener(world: World, input: ModifyListenerCommandInput) {
  const listener = world.state.listeners[input.ListenerArn ?? ''];
  if (!listener) throw new AwsFault('ListenerNotFound', 'One or more listeners not found');
  const actions = input.DefaultActions?.map((a) => normaliseAction(world, a));
  if (actions) listener.defaultActions = actions;
  if (input.Port !== undefined) listener.port = input.Port;
  if (input.Protocol !== undefined) listener.protocol = input.Protocol;
  return { Listeners: [listenerShape(listener)] };
}

function modifyRule(world: World, input: ModifyRuleCommandInput) {
  const arn = input.RuleArn ?? '';
  const rule = world.state.rules[arn];
  if (!rule) {
    if (Object.keys(world.state.listeners).some((l) => defaultRuleArn(l) === arn)) {
      throw new AwsFault(
        'OperationNotPermitted',
        'Default rule cannot be modified; modify the listener instead',
      );
    }
    throw new AwsFault('RuleNotFound', 'One or more rules not found');
  }
  const actions = input.Actions?.map((a) => normaliseAction(world, a));
  if (actions) rule.actions = actions;
  if (input.Conditions) rule.conditions = copy(input.Conditions) as Array<Record<string, unknown>>;
  return { Rules: [ruleShape(world, rule)] };
}

function registerTargets(world: World, input: RegisterTargetsCommandInput) {
  const tg = requireTargetGroup(world, input.TargetGroupArn);
  const targets = input.Targets ?? [];
  const invalid = targets.filter(
    (t) =>
      !world.state.instances[t.Id ?? ''] ||
      world.state.instances[t.Id ?? '']!.lifecycleState === 'Terminating',
  );
  if (invalid.length > 0) {
    throw new AwsFault(
      'InvalidTarget',
      `The following targets are not in a running state and cannot be registered: '${invalid.map((t) => t.Id).join(', ')}'`,
    );
  }
  for (const t of targets) registerTarget(world, tg, t.Id!, t.Port ?? tg.port);
  return {};
}

function deregisterTargets(world: World, input: DeregisterTargetsCommandInput) {
  const tg = requireTargetGroup(world, input.TargetGroupArn);
  for (const t of input.Targets ?? []) deregisterTarget(world, tg, t.Id ?? '');
  return {};
}

function modifyTargetGroupAttributes(world: World, input: ModifyTargetGroupAttributesCommandInput) {
  const tg = requireTargetGroup(world, input.TargetGroupArn);
  for (const { Key, Value } of input.Attributes ?? []) {
    if (!Key) continue;
    if (Key === 'deregistration_delay.timeout_seconds' && !/^\d+$/.test(Value ?? ''))
      throw validationError(`'${Value}' is not a valid deregistration delay`);
    if (Key === 'deregistration_delay.timeout_seconds' && Number(Value) > 3600)
      throw validationError('The deregistration delay must be between 0 and 3600 seconds.');
    tg.attributes[Key] = Value ?? '';
  }
  return { Attributes: Object.entries(tg.attributes).map(([Key, Value]) => ({ Key, Value })) };
}

/** ELBv2 changes: listener and rule weights, target registration, target group attributes. */
export const elbv2ModifyHandlers: Record<string, Handler> = {
  ModifyListener: modifyListener,
  ModifyRule: modifyRule,
  RegisterTargets: registerTargets,
  DeregisterTargets: deregisterTargets,
  ModifyTargetGroupAttributes: modifyTargetGroupAttributes,
};
