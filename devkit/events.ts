import { SERVICE_TIMEOUT } from '../src/lookup-function';
import { asCloudFormationSends, lookupProperties, withoutProviderProperties } from '../src/shared/lookup-properties';
import { lookupSettings } from '../src/shared/settings';
import { RESOURCE_TYPE } from '../src/shared/wire';

/** A CloudFormation custom resource event as CloudFormation sends it: every scalar a string. */
export function cfnEvent(requestType: string, properties: Record<string, unknown>, responseUrl: string,
  extra: Record<string, unknown> = {}): any {
  return {
    RequestType: requestType,
    ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:CdkAmiLookupProviderFunction',
    ResponseURL: responseUrl,
    StackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/demo/8f1c2f10-0000-11ef-8000-0a1b2c3d4e5f',
    RequestId: '5b3f0a2e-1111-4222-8333-944455556666',
    LogicalResourceId: 'Al2023LookupResource1A2B3C4D',
    ResourceType: RESOURCE_TYPE,
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:CdkAmiLookupProviderFunction',
      // As the construct writes it.
      ServiceTimeout: String(SERVICE_TIMEOUT.toSeconds()),
      ...properties,
    },
    ...(requestType === 'Create' ? {} : { PhysicalResourceId: 'ami-0a1b2c3d4e5f60001' }),
    ...extra,
  };
}

/** Properties as the construct writes them for an owner and filters, after CloudFormation stringified them. */
export function lookupProps(owners: string[], filters: Record<string, string[]>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...asCloudFormationSends(lookupProperties(lookupSettings({ owners, filters }))) as Record<string, unknown>, ...extra };
}

/** A lookup's properties in a synthesized template, as the handler receives them: the provider's own left out, every scalar a string. */
export function deliveredProperties(templateProperties: Record<string, unknown>): Record<string, unknown> {
  return asCloudFormationSends(withoutProviderProperties(templateProperties)) as Record<string, unknown>;
}

export { asCloudFormationSends };
