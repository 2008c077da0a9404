/** AWS caps Auto Scaling group names (and launch template names at 128) at these lengths. */
const MAX_GROUP_NAME = 255;
const MAX_TEMPLATE_NAME = 128;

/** The Auto Scaling group name of one release's fleet: `<service>-<env>-<releaseId>`. */
export function fleetName(service: string, environment: string, releaseId: string): string {
  const name = `${service}-${environment}-${releaseId}`;
  if (name.length > MAX_GROUP_NAME) {
    throw new Error(
      `fleet name ${name.slice(0, 40)}... is ${name.length} characters; AWS allows ${MAX_GROUP_NAME}`,
    );
  }
  return name;
}

/** The one launch template a service/environment uses; each release adds a version to it. */
export function launchTemplateName(service: string, environment: string): string {
  return `odin-${service}-${environment}`.slice(0, MAX_TEMPLATE_NAME);
}
