/** A service name odin accepts, derived from any text (a directory name, say). */
export function toServiceName(text: string): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return name || 'my-service';
}

/** The commented odin.yml that `odin init` writes; it validates as written. */
export function starterManifest(service: string): string {
  return `# odin.yml: how odin deploys ${service}. Reference: docs/manifest.md, or \`odin schema\`.
# For completion in editors, run \`odin schema > odin.schema.json\` and keep this line:
# yaml-language-server: $schema=./odin.schema.json

service: ${service}              # lowercase letters, digits, dashes; part of every fleet name
region: us-east-1
account: "123456789012"         # quoted; odin refuses to act in any other account
state:
  bucket: odin-state-123456789012   # holds the deploy lease, journal and history
  # prefix: odin/

image:
  lookup: { name: "${service}-*", owner: self }   # newest matching AMI; or id: ami-..., or ssm: /path
  # override per deploy: odin deploy --image ami-0123456789abcdef0

instances:
  type: t3.small                # or types: [t3.small, t3a.small]
  # profile: ${service}
  securityGroups: [web]         # ids (sg-...) or Name tags
  subnets: [private-a, private-b]   # ids (subnet-...) or Name tags
  # userData: ./user-data.sh    # \${ODIN_RELEASE}, \${ODIN_SERVICE}, \${ODIN_ENVIRONMENT}, \${ODIN_IMAGE} are filled in
  # tags: { team: my-team }

capacity: { min: 2, max: 6, desired: 2 }

health:
  targetGroups: [${service}-web]
  healthyPercent: 100
  gracePeriod: 90s
  timeout: 15m

traffic:
  strategy: target-group
  # Weighted ALB canary instead:
  # strategy: weighted
  # listener: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my-alb/...
  # targetGroups: { blue: ${service}-blue, green: ${service}-green }
  # steps: [{ weight: 10, bake: 5m }, pause, { weight: 100 }]
  # alarms: [${service}-5xx]

retain: { standbys: 1, warmFor: 30m }

scaling:
  - cpu: 50

environments:
  production:
    production: true
    capacity: { min: 4, max: 12, desired: 4 }
`;
}
