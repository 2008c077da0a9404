import type { LoadBalancer, TargetGroup } from '../aws/types.js';
import type { Manifest } from '../manifest/types.js';
import type { ResolvedNetwork } from './resolve-network.js';
import type { ResolvedVariables } from './resolve-variables.js';

/** The AMI a release launches, and how it was found. */
export interface ResolvedImage {
  id: string;
  name: string;
  ownerId: string;
  createdAt: number;
  /** Which kind of reference named it (the manifest's, or `--image`'s). */
  source: 'id' | 'lookup' | 'ssm';
}

/** A DNS slot: the target group its fleet registers with and the load balancer its record aliases. */
export interface ResolvedDnsSlot {
  targetGroup: TargetGroup;
  loadBalancer: LoadBalancer;
}

/** The manifest's traffic section with every reference turned into AWS ids. */
export type ResolvedTraffic =
  | { strategy: 'target-group'; targetGroups: TargetGroup[] }
  | {
      strategy: 'weighted';
      /** Set when the manifest weights a listener's default action. */
      listenerArn?: string;
      /** Set when the manifest weights a listener rule. */
      ruleArn?: string;
      blue: TargetGroup;
      green: TargetGroup;
      alarms: string[];
    }
  | {
      strategy: 'dns';
      zoneId: string;
      zoneName: string;
      record: string;
      blue: ResolvedDnsSlot;
      green: ResolvedDnsSlot;
      alarms: string[];
    };

/** A manifest whose every reference exists in AWS, with the ids a deploy needs (safety invariant 6). */
export interface ResolvedService extends ResolvedNetwork {
  manifest: Manifest;
  region: string;
  image: ResolvedImage;
  imageId: string;
  imageName: string;
  /** Values of instances.variables for the user data; secrets read as `[secret]` (SecretText). */
  variables: ResolvedVariables;
  /** ARNs of health.targetGroups: the target groups that gate health (target-group strategy). */
  targetGroupArns: string[];
  traffic: ResolvedTraffic;
  /** Route 53 hosted zone id (dns strategy). */
  zoneId?: string;
  /** CloudWatch alarms that abort a deploy when in ALARM (weighted, dns). */
  alarms: string[];
  stateBucket: string;
  /** ARN of every target group and load balancer the manifest names, keyed as written (name or ARN). */
  refs: {
    targetGroups: Record<string, string>;
    loadBalancers: Record<string, string>;
    zoneId?: string;
  };
}
