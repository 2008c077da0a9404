import type {
  CreateLaunchTemplateCommandInput,
  CreateLaunchTemplateCommandOutput,
  CreateLaunchTemplateVersionCommandInput,
  CreateLaunchTemplateVersionCommandOutput,
  DeleteLaunchTemplateCommandInput,
  DeleteLaunchTemplateCommandOutput,
  DeleteLaunchTemplateVersionsCommandInput,
  DeleteLaunchTemplateVersionsCommandOutput,
  DescribeLaunchTemplatesCommandInput,
  DescribeLaunchTemplatesCommandOutput,
  DescribeLaunchTemplateVersionsCommandInput,
  DescribeLaunchTemplateVersionsCommandOutput,
  LaunchTemplate,
} from '@aws-sdk/client-ec2';

import { AwsFault } from '../aws-fault.js';
import type { LaunchTemplateState, LaunchTemplateVersionState } from '../types.js';
import type { World } from '../world.js';
import { copy, date, page, tagList, tagRecord } from './shapes.js';

type Out<T> = Omit<T, '$metadata'>;

/** Finds a template by id or name, failing as EC2 does for each. */
export function findTemplate(
  world: World,
  id: string | undefined,
  name: string | undefined,
): LaunchTemplateState {
  if (id) {
    const template = world.state.launchTemplates[id];
    if (!template)
      throw new AwsFault(
        'InvalidLaunchTemplateId.NotFound',
        `The specified launch template, with template ID ${id}, does not exist.`,
      );
    return template;
  }
  const template = Object.values(world.state.launchTemplates).find((t) => t.name === name);
  if (!template) {
    throw new AwsFault(
      'InvalidLaunchTemplateName.NotFoundException',
      `The specified launch template, with template name ${name}, does not exist.`,
    );
  }
  return template;
}

function summary(world: World, t: LaunchTemplateState): LaunchTemplate {
  return {
    LaunchTemplateId: t.id,
    LaunchTemplateName: t.name,
    CreateTime: date(t.createdAt),
    CreatedBy: world.state.callerArn,
    DefaultVersionNumber: t.defaultVersion,
    LatestVersionNumber: t.latestVersion,
    Tags: tagList(t.tags),
  };
}

function addVersion(
  world: World,
  t: LaunchTemplateState,
  data: Record<string, unknown>,
  description?: string,
): LaunchTemplateVersionState {
  const number = t.latestVersion + 1;
  const version = {
    number,
    description,
    createdAt: world.now,
    visibleAt: world.now + world.state.faults.consistencyDelayMs,
    data: copy(data),
  };
  t.versions[String(number)] = version;
  t.latestVersion = number;
  return version;
}

function createLaunchTemplate(
  world: World,
  input: CreateLaunchTemplateCommandInput,
): Out<CreateLaunchTemplateCommandOutput> {
  const name = input.LaunchTemplateName ?? '';
  if (!/^[a-zA-Z0-9().\-/_]{3,128}$/.test(name)) {
    throw new AwsFault(
      'InvalidLaunchTemplateName.MalformedException',
      `The launch template name '${name}' is malformed.`,
    );
  }
  if (Object.values(world.state.launchTemplates).some((t) => t.name === name)) {
    throw new AwsFault(
      'InvalidLaunchTemplateName.AlreadyExistsException',
      `Launch template name already in use.`,
    );
  }
  const tags = (input.TagSpecifications ?? [])
    .filter((s) => s.ResourceType === 'launch-template')
    .flatMap((s) => s.Tags ?? []);
  const template: LaunchTemplateState = {
    id: `lt-${world.hex(17)}`,
    name,
    createdAt: world.now,
    defaultVersion: 1,
    latestVersion: 0,
    tags: tagRecord(tags),
    versions: {},
    visibleAt: world.now + world.state.faults.consistencyDelayMs,
  };
  addVersion(
    world,
    template,
    (input.LaunchTemplateData ?? {}) as Record<string, unknown>,
    input.VersionDescription,
  );
  world.state.launchTemplates[template.id] = template;
  return { LaunchTemplate: summary(world, template) };
}

function versionShape(world: World, t: LaunchTemplateState, v: LaunchTemplateVersionState) {
  return {
    LaunchTemplateId: t.id,
    LaunchTemplateName: t.name,
    VersionNumber: v.number,
    VersionDescription: v.description,
    CreateTime: date(v.createdAt),
    CreatedBy: world.state.callerArn,
    DefaultVersion: v.number === t.defaultVersion,
    LaunchTemplateData: copy(v.data),
  };
}

function createLaunchTemplateVersion(
  world: World,
  input: CreateLaunchTemplateVersionCommandInput,
): Out<CreateLaunchTemplateVersionCommandOutput> {
  const template = findTemplate(world, input.LaunchTemplateId, input.LaunchTemplateName);
  let data = (input.LaunchTemplateData ?? {}) as Record<string, unknown>;
  if (input.SourceVersion) {
    const source =
      template.versions[
        input.SourceVersion === '$Latest' ? String(template.latestVersion) : input.SourceVersion
      ];
    if (!source)
      throw new AwsFault(
        'InvalidLaunchTemplateId.VersionNotFound',
        `Could not find launch template version ${input.SourceVersion}.`,
      );
    data = { ...source.data, ...data };
  }
  const version = addVersion(world, template, data, input.VersionDescription);
  return { LaunchTemplateVersion: versionShape(world, template, version) };
}

function describeLaunchTemplates(
  world: World,
  input: DescribeLaunchTemplatesCommandInput,
): Out<DescribeLaunchTemplatesCommandOutput> {
  // Eventual consistency: a template just created is not listed yet, not even by name or id.
  const all = Object.values(world.state.launchTemplates).filter((t) => (t.visibleAt ?? 0) <= world.now);
  const names = input.LaunchTemplateNames;
  const ids = input.LaunchTemplateIds;
  if (names?.some((n) => !all.some((t) => t.name === n))) {
    throw new AwsFault(
      'InvalidLaunchTemplateName.NotFoundException',
      'At least one of the launch templates specified in the request does not exist.',
    );
  }
  if (ids?.some((id) => !all.some((t) => t.id === id))) {
    throw new AwsFault(
      'InvalidLaunchTemplateId.NotFound',
      'At least one of the launch templates specified in the request does not exist.',
    );
  }
  const found = all.filter((t) => (!names || names.includes(t.name)) && (!ids || ids.includes(t.id)));
  const { items, next } = page(found, input.NextToken, input.MaxResults ?? 1000);
  return { LaunchTemplates: items.map((t) => summary(world, t)), NextToken: next };
}

function describeLaunchTemplateVersions(
  world: World,
  input: DescribeLaunchTemplateVersionsCommandInput,
): Out<DescribeLaunchTemplateVersionsCommandOutput> {
  const template = findTemplate(world, input.LaunchTemplateId, input.LaunchTemplateName);
  // Eventual consistency: a version just created may not be listed yet.
  const visible = Object.values(template.versions).filter((v) => v.visibleAt <= world.now);
  let chosen = visible;
  if (input.Versions && input.Versions.length > 0) {
    const wanted = input.Versions.map((v) =>
      v === '$Latest' ? template.latestVersion : v === '$Default' ? template.defaultVersion : Number(v),
    );
    const missing = wanted.filter((n) => !visible.some((v) => v.number === n));
    if (missing.length > 0) {
      throw new AwsFault(
        'InvalidLaunchTemplateId.VersionNotFound',
        `Could not find launch template version ${missing[0]} for template ${template.id}.`,
      );
    }
    chosen = visible.filter((v) => wanted.includes(v.number));
  }
  const min = input.MinVersion ? Number(input.MinVersion) : -Infinity;
  const max = input.MaxVersion ? Number(input.MaxVersion) : Infinity;
  chosen = chosen.filter((v) => v.number >= min && v.number <= max).sort((a, b) => a.number - b.number);
  const { items, next } = page(chosen, input.NextToken, input.MaxResults ?? 200);
  return { LaunchTemplateVersions: items.map((v) => versionShape(world, template, v)), NextToken: next };
}

function deleteLaunchTemplate(
  world: World,
  input: DeleteLaunchTemplateCommandInput,
): Out<DeleteLaunchTemplateCommandOutput> {
  const template = findTemplate(world, input.LaunchTemplateId, input.LaunchTemplateName);
  delete world.state.launchTemplates[template.id];
  return { LaunchTemplate: summary(world, template) };
}

function deleteLaunchTemplateVersions(
  world: World,
  input: DeleteLaunchTemplateVersionsCommandInput,
): Out<DeleteLaunchTemplateVersionsCommandOutput> {
  const template = findTemplate(world, input.LaunchTemplateId, input.LaunchTemplateName);
  const ok: Array<{ LaunchTemplateId: string; LaunchTemplateName: string; VersionNumber: number }> = [];
  const failed: Array<Record<string, unknown>> = [];
  for (const raw of input.Versions ?? []) {
    const number = Number(raw);
    const base = { LaunchTemplateId: template.id, LaunchTemplateName: template.name, VersionNumber: number };
    if (number === template.defaultVersion) {
      failed.push({
        ...base,
        ResponseError: {
          Code: 'launchTemplateVersionIsDefaultVersion',
          Message: 'Cannot delete the default version.',
        },
      });
    } else if (!template.versions[String(number)]) {
      failed.push({
        ...base,
        ResponseError: {
          Code: 'launchTemplateVersionDoesNotExist',
          Message: 'Launch template version does not exist.',
        },
      });
    } else {
      delete template.versions[String(number)];
      ok.push(base);
    }
  }
  return {
    SuccessfullyDeletedLaunchTemplateVersions: ok,
    UnsuccessfullyDeletedLaunchTemplateVersions: failed,
  };
}

/** EC2 launch templates and their versions. */
export const ec2LaunchTemplateHandlers = {
  CreateLaunchTemplate: createLaunchTemplate,
  CreateLaunchTemplateVersion: createLaunchTemplateVersion,
  DescribeLaunchTemplates: describeLaunchTemplates,
  DescribeLaunchTemplateVersions: describeLaunchTemplateVersions,
  DeleteLaunchTemplate: deleteLaunchTemplate,
  DeleteLaunchTemplateVersions: deleteLaunchTemplateVersions,
};
