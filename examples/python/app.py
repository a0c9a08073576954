#!/usr/bin/env python3
"""An app people can copy: the newest Amazon Linux 2023 for an instance, a Windows Server image for a
launch template, and a soak-time lookup that never picks an image younger than a week."""
import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2
from cdk_ami_lookup import AmiLookup, ImageOrder, Refresh

app = cdk.App()
stack = cdk.Stack(app, "AmiLookupExample")

vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=0)

# The newest Amazon Linux 2023 image, resolved when the stack is deployed.
al2023 = AmiLookup(
    stack,
    "Al2023",
    owners=["amazon"],
    filters={"name": ["al2023-ami-2023.*-kernel-6.1-x86_64"], "architecture": ["x86_64"]},
)
ec2.Instance(
    stack,
    "Web",
    vpc=vpc,
    vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PUBLIC),
    instance_type=ec2.InstanceType("t3.micro"),
    machine_image=al2023,
)

# Windows Server 2022 for a launch template.
windows = AmiLookup(
    stack,
    "WindowsServer2022",
    owners=["amazon"],
    filters={"name": ["Windows_Server-2022-English-Full-Base-*"], "platform": ["windows"]},
    os=ec2.OperatingSystemType.WINDOWS,
)
ec2.LaunchTemplate(stack, "WindowsTemplate", machine_image=windows, instance_type=ec2.InstanceType("t3.large"))

# Soak time: the newest release that has been out for at least 7 days, looked up again every week.
soaked = AmiLookup(
    stack,
    "SoakedAl2023Arm",
    owners=["amazon"],
    filters={"name": ["al2023-ami-2023.*-kernel-6.1-arm64"]},
    name_regex="^al2023-ami-2023[.][0-9.]+-kernel-6[.]1-arm64$",
    order=ImageOrder.natural_name(),
    min_age=cdk.Duration.days(7),
    refresh=Refresh.every(cdk.Duration.days(7)),
)
ec2.LaunchTemplate(stack, "ArmTemplate", machine_image=soaked, instance_type=ec2.InstanceType("t4g.small"))

cdk.CfnOutput(stack, "Al2023Image", value=al2023.image_id)
cdk.CfnOutput(stack, "SoakedImageChange", value=f"{soaked.previous_image_id} -> {soaked.image_id}")

app.synth()
