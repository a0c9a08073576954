/**
 * The floor for paging: drains every page of the same query with the same SDK client and client
 * settings as the handler, and keeps nothing. Bundled like the handler, so both load the same code.
 */
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { createEc2Client, describeImagesInput } from '../lambda/pager';
import { ImageQuery } from '../src/shared/settings';

async function main(): Promise<void> {
  const query: ImageQuery = JSON.parse(process.argv[2]);
  const client = createEc2Client();
  let images = 0;
  let pages = 0;
  let nextToken: string | undefined;
  do {
    const page = await client.send(new DescribeImagesCommand(describeImagesInput(query, nextToken)));
    images += page.Images?.length ?? 0;
    pages++;
    nextToken = page.NextToken || undefined;
  } while (nextToken !== undefined);
  process.stdout.write(JSON.stringify({ images, pages }));
}

void main();
