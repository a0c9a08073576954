/**
 * Image catalogs for the EC2 test double: a small realistic one (names, owners and release rhythm of
 * the public images people look up most) and a large synthetic one for paging and memory.
 */
import { FakeImage } from './ec2-double';
import { FakeParameter } from './ssm-double';

export const AMAZON_ACCOUNT = '137112412989';
const WINDOWS_ACCOUNT = '801119661308';
export const CANONICAL_ACCOUNT = '099720109477';
export const SQUATTER_ACCOUNT = '666666666666';
export const OWN_ACCOUNT = '111122223333';


function hex(n: number, width = 17): string {
  return n.toString(16).padStart(width, '0').slice(-width);
}

function iso(d: Date): string {
  return d.toISOString();
}

function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}

/**
 * About 150 images: two years of Amazon Linux 2023 releases (standard and minimal, x86_64 and arm64,
 * deprecated after 90 days), Windows Server 2022, Ubuntu 24.04, a look-alike AL2023 image published by
 * a stranger, and a private image of the caller's own account.
 */
export function realisticCatalog(now: Date = new Date()): FakeImage[] {
  const images: FakeImage[] = [];
  let id = 0;
  const next = () => `ami-0a1b2c3d4${hex(id++, 8)}`;
  // Two years of releases up to `now`, so that the handler's clock and the double's agree on what is deprecated.
  const start = addDays(new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000), -104 * 7 + 3);
  for (let week = 0; week < 104; week += 4) {
    const released = addDays(start, week * 7);
    const stamp = released.toISOString().slice(0, 10).replace(/-/g, '');
    const version = `2023.${Math.floor(week / 26) + 6}.${stamp}.${week % 3}`;
    for (const arch of ['x86_64', 'arm64']) {
      for (const flavor of ['', 'minimal-']) {
        images.push({
          imageId: next(),
          name: `al2023-ami-${flavor}${version}-kernel-6.1-${arch}`,
          description: `Amazon Linux 2023 AMI ${version} ${arch} ${flavor ? 'Minimal ' : ''}HVM kernel-6.1`,
          ownerId: AMAZON_ACCOUNT,
          ownerAlias: 'amazon',
          creationDate: iso(addDays(released, 0.3)),
          architecture: arch,
          rootDeviceName: '/dev/xvda',
          bootMode: arch === 'arm64' ? 'uefi' : 'uefi-preferred',
          deprecationTime: iso(addDays(released, 90)),
        });
      }
    }
    images.push({
      imageId: next(),
      name: `Windows_Server-2022-English-Full-Base-${released.toISOString().slice(0, 10).replace(/-/g, '.')}`,
      description: 'Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon',
      ownerId: WINDOWS_ACCOUNT,
      ownerAlias: 'amazon',
      creationDate: iso(addDays(released, 1.2)),
      architecture: 'x86_64',
      platform: 'windows',
      rootDeviceName: '/dev/sda1',
      volumeSize: 30,
      deprecationTime: iso(addDays(released, 365)),
    });
    images.push({
      imageId: next(),
      name: `ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-${stamp}`,
      description: 'Canonical, Ubuntu, 24.04, amd64 noble image',
      ownerId: CANONICAL_ACCOUNT,
      creationDate: iso(addDays(released, 0.7)),
      architecture: 'x86_64',
      rootDeviceName: '/dev/sda1',
    });
  }
  images.push({
    imageId: next(),
    name: 'al2023-ami-2023.99.20261126.0-kernel-6.1-x86_64',
    description: 'Totally the official Amazon Linux',
    ownerId: SQUATTER_ACCOUNT,
    creationDate: iso(addDays(now, -0.5)),
    architecture: 'x86_64',
  });
  images.push({
    imageId: next(),
    name: 'golden-al2023-2026.11.20',
    description: 'Our hardened base image',
    ownerId: OWN_ACCOUNT,
    isPublic: false,
    creationDate: iso(addDays(now, -7)),
    architecture: 'arm64',
    tags: { team: 'platform', release: 'stable' },
  });
  return images;
}

/** AWS's public SSM parameter of the latest Amazon Linux 2023 (standard, default kernel, x86_64). */
export const AL2023_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

/**
 * {@link AL2023_PARAMETER} as AWS keeps it for a {@link realisticCatalog}: one version per Amazon
 * Linux 2023 release (standard, x86_64), set two hours after its image was published, oldest first,
 * so that the latest version names the newest image. Like AWS's, it is far past version 1.
 */
export function al2023Parameter(catalog: readonly FakeImage[]): FakeParameter {
  const releases = catalog
    .filter((i) => i.ownerId === AMAZON_ACCOUNT && /^al2023-ami-2023\.[0-9.]+-kernel-6\.1-x86_64$/.test(i.name))
    .sort((a, b) => a.creationDate.localeCompare(b.creationDate));
  return {
    name: AL2023_PARAMETER,
    dataType: 'aws:ec2:image',
    firstVersion: 61,
    versions: releases.map((i) => ({ value: i.imageId, lastModified: new Date(Date.parse(i.creationDate) + 2 * 3_600_000) })),
  };
}

/**
 * `count` images of one owner, named `bulk-image-<n>`, with creation dates spread over a year and
 * deliberate ties, so that paging and ordering are both exercised. The single best image (newest
 * date, greatest name) is returned too.
 */
export function bulkCatalog(count: number, ownerId = OWN_ACCOUNT): { images: FakeImage[]; best: string } {
  const images: FakeImage[] = [];
  const base = Date.parse('2025-01-01T00:00:00.000Z');
  for (let n = 0; n < count; n++) {
    // Every 7 images share a creation date, so the name decides among them.
    const t = base + Math.floor(n / 7) * 60_000;
    images.push({
      imageId: `ami-0b${hex(n, 15)}`,
      name: `bulk-image-${n}`,
      description: `synthetic image number ${n} for paging tests`,
      ownerId,
      creationDate: new Date(t).toISOString(),
      // One architecture: an image line a lookup may pick from without the ambiguity guard refusing it.
      architecture: 'x86_64',
    });
  }
  return { images, best: images[count - 1].imageId };
}
