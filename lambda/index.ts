import { EC2Client } from '@aws-sdk/client-ec2';
import { cloudFormationHandler } from './cfn-response';
import { lookUp } from './lookup';
import { createEc2Client, describeImagePages } from './pager';

// One client per container: warm invocations reuse its connections.
let client: EC2Client | undefined;

/** The Lambda entry point (`index.handler`), invoked by CloudFormation for every Custom::AmiLookup event. */
export const handler = cloudFormationHandler((event, signal) =>
  lookUp(event, (query, s) => describeImagePages(client ??= createEc2Client(), query, s), signal));
