/**
 * What every node kind, property and edge kind becomes in Terraform and in CloudFormation (the
 * CDK app uses the CloudFormation-level constructs, so its resources are these). docs/export.md
 * is generated from this table (a test keeps it in step, and checks every kind and property of
 * the model is listed and every Terraform argument named here is in the AWS provider schema).
 */
import { EDGE_KINDS, NODE_KINDS } from '@stratus/model';

export interface MappingRow {
  /** A node kind, or `edge:<kind>`. */
  subject: string;
  /** A property of the kind; null for the node or edge itself. */
  property: string | null;
  terraform: string;
  cloudformation: string;
}

const NOT_EXPORTED = 'not exported (used by the validator)';
const r = (
  subject: string,
  property: string | null,
  terraform: string,
  cloudformation: string,
): MappingRow => ({
  subject,
  property,
  terraform,
  cloudformation,
});

export const MAPPING: readonly MappingRow[] = [
  r('vpc', null, '`aws_vpc`', '`AWS::EC2::VPC`'),
  r('vpc', 'cidr', '`aws_vpc.cidr_block`', '`AWS::EC2::VPC.CidrBlock`'),
  r(
    'vpc',
    'region',
    '`provider "aws"` region (`var.region`, default from the first VPC)',
    'the region you deploy the stack to (`AWS::Region`)',
  ),
  r('vpc', 'enableDnsSupport', '`aws_vpc.enable_dns_support`', '`AWS::EC2::VPC.EnableDnsSupport`'),
  r('vpc', 'enableDnsHostnames', '`aws_vpc.enable_dns_hostnames`', '`AWS::EC2::VPC.EnableDnsHostnames`'),
  r('vpc', 'instanceTenancy', '`aws_vpc.instance_tenancy`', '`AWS::EC2::VPC.InstanceTenancy`'),
  r(
    'az',
    null,
    'no resource: the zone of what is drawn inside; `data "aws_availability_zones"` lists the region\'s zones',
    'no resource: the zone of what is drawn inside, picked with `Fn::GetAZs`',
  ),
  r(
    'az',
    'zone',
    "`aws_subnet.availability_zone`, `aws_rds_cluster_instance.availability_zone`: the region's zone of the same rank among the board's zones (a, b → `names[0]`, `names[1]`), never a zone name",
    '`AWS::EC2::Subnet.AvailabilityZone`, `AWS::RDS::DBInstance.AvailabilityZone`: `Fn::Select [rank, Fn::GetAZs ""]`, never a zone name',
  ),
  r('subnet', null, '`aws_subnet`', '`AWS::EC2::Subnet`'),
  r(
    'subnet',
    'cidr',
    '`aws_subnet.cidr_block` (unset: an input variable)',
    '`AWS::EC2::Subnet.CidrBlock` (unset: a parameter)',
  ),
  r(
    'subnet',
    'availabilityZone',
    '`aws_subnet.availability_zone` (by rank, as for `az.zone`)',
    '`AWS::EC2::Subnet.AvailabilityZone` (by rank, as for `az.zone`)',
  ),
  r(
    'subnet',
    'mapPublicIpOnLaunch',
    '`aws_subnet.map_public_ip_on_launch`',
    '`AWS::EC2::Subnet.MapPublicIpOnLaunch`',
  ),
  r(
    'internet-gateway',
    null,
    '`aws_internet_gateway` (with `vpc_id`)',
    '`AWS::EC2::InternetGateway` + `AWS::EC2::VPCGatewayAttachment`',
  ),
  r(
    'nat-gateway',
    null,
    '`aws_nat_gateway` (public: an `aws_eip` is added when none is drawn)',
    '`AWS::EC2::NatGateway` (+ `AWS::EC2::EIP` when none is drawn)',
  ),
  r(
    'nat-gateway',
    'connectivity',
    '`aws_nat_gateway.connectivity_type`',
    '`AWS::EC2::NatGateway.ConnectivityType`',
  ),
  r(
    'nat-instance',
    null,
    '`aws_instance` with `user_data` = `nat-instance.sh` (IPv4 forwarding + iptables MASQUERADE; Amazon Linux 2023 only, not with a board AMI) + its own `aws_security_group` admitting all traffic from the subnets routed through it (`aws_vpc_security_group_ingress_rule` per subnet CIDR, egress anywhere)',
    '`AWS::EC2::Instance` with `UserData` (the same script) + its own `AWS::EC2::SecurityGroup` + one `AWS::EC2::SecurityGroupIngress` per routed subnet',
  ),
  r('nat-instance', 'instanceType', '`aws_instance.instance_type`', '`AWS::EC2::Instance.InstanceType`'),
  r(
    'nat-instance',
    'ami',
    '`aws_instance.ami` (unset: `data.aws_ssm_parameter` latest Amazon Linux 2023)',
    '`AWS::EC2::Instance.ImageId` (unset: SSM parameter of the latest Amazon Linux 2023; set: mapping `BoardAmis`)',
  ),
  r(
    'nat-instance',
    'sourceDestCheck',
    '`aws_instance.source_dest_check`: always `false` on a NAT instance (a note when the board says otherwise)',
    '`AWS::EC2::Instance.SourceDestCheck`: always `false` on a NAT instance',
  ),
  r(
    'nat-instance',
    'associatePublicIp',
    '`aws_instance.associate_public_ip_address`',
    '`AWS::EC2::Instance.NetworkInterfaces[0].AssociatePublicIpAddress`',
  ),
  r('elastic-ip', null, '`aws_eip` (`domain = "vpc"`)', '`AWS::EC2::EIP` (`Domain: vpc`)'),
  r('security-group', null, '`aws_security_group`', '`AWS::EC2::SecurityGroup`'),
  r(
    'security-group',
    'description',
    '`aws_security_group.description`',
    '`AWS::EC2::SecurityGroup.GroupDescription`',
  ),
  r(
    'security-group',
    'ingress',
    'one `aws_vpc_security_group_ingress_rule` per rule (`ip_protocol`, `from_port`, `to_port`, `cidr_ipv4` or `referenced_security_group_id`); deny rules are left out',
    'one `AWS::EC2::SecurityGroupIngress` per rule (`IpProtocol`, `FromPort`, `ToPort`, `CidrIp` or `SourceSecurityGroupId`)',
  ),
  r(
    'security-group',
    'egress',
    'one `aws_vpc_security_group_egress_rule` per rule (unset: allow all, the AWS default)',
    '`AWS::EC2::SecurityGroup.SecurityGroupEgress` for CIDR rules, `AWS::EC2::SecurityGroupEgress` for rules to groups (unset: the AWS default)',
  ),
  r('network-acl', null, '`aws_network_acl`', '`AWS::EC2::NetworkAcl`'),
  r(
    'network-acl',
    'isDefault',
    'rules go to `aws_vpc.default_network_acl_id`, no new ACL',
    "rules go to the VPC's `DefaultNetworkAcl`, no new ACL",
  ),
  r(
    'network-acl',
    'inbound',
    'one `aws_network_acl_rule` per rule (`egress = false`), in rule-number order',
    'one `AWS::EC2::NetworkAclEntry` per rule (`Egress: false`), in rule-number order',
  ),
  r(
    'network-acl',
    'outbound',
    'one `aws_network_acl_rule` per rule (`egress = true`)',
    'one `AWS::EC2::NetworkAclEntry` per rule (`Egress: true`)',
  ),
  r(
    'load-balancer',
    null,
    '`aws_lb` (`enable_deletion_protection = var.deletion_protection`) + `aws_lb_target_group` (`target_type = "ip"` when its traffic edges lead to an ECS service; + `aws_lb_target_group_attachment` per traffic edge to an instance; ECS services and Auto Scaling groups register themselves)',
    '`AWS::ElasticLoadBalancingV2::LoadBalancer` (attribute `deletion_protection.enabled`) + `AWS::ElasticLoadBalancingV2::TargetGroup` (instance targets inline; `TargetType: ip` for ECS services)',
  ),
  r(
    'load-balancer',
    'type',
    '`aws_lb.load_balancer_type`',
    '`AWS::ElasticLoadBalancingV2::LoadBalancer.Type`',
  ),
  r('load-balancer', 'scheme', '`aws_lb.internal`', '`AWS::ElasticLoadBalancingV2::LoadBalancer.Scheme`'),
  r(
    'load-balancer',
    'subnetIds',
    '`aws_lb.subnets` (with the subnet it is drawn in)',
    '`AWS::ElasticLoadBalancingV2::LoadBalancer.Subnets`',
  ),
  r(
    'load-balancer',
    'listeners',
    'one `aws_lb_listener` per row (HTTPS/TLS: `certificate_arn = var.alb_certificate_arn`, a certificate in the deployment region; HTTP on a load balancer that also has HTTPS: a 301 `redirect` to it instead of `forward`)',
    'one `AWS::ElasticLoadBalancingV2::Listener` per row (HTTPS/TLS: parameter `AlbCertificateArn`; HTTP beside HTTPS: `redirect`)',
  ),
  r(
    'load-balancer',
    'crossZone',
    '`aws_lb.enable_cross_zone_load_balancing = true` (Network Load Balancers, when on; left out otherwise: off is the NLB default and an ALB is always cross-zone)',
    '`AWS::ElasticLoadBalancingV2::LoadBalancer.LoadBalancerAttributes` `load_balancing.cross_zone.enabled: true` (Network Load Balancers, when on)',
  ),
  r(
    'gateway-endpoint',
    null,
    '`aws_vpc_endpoint` (`vpc_endpoint_type = "Gateway"`, `route_table_ids`: the route tables of the subnets associated with it)',
    '`AWS::EC2::VPCEndpoint` (`VpcEndpointType: Gateway`, `RouteTableIds`)',
  ),
  r(
    'gateway-endpoint',
    'service',
    '`aws_vpc_endpoint.service_name` (`com.amazonaws.${var.region}.<service>`)',
    '`AWS::EC2::VPCEndpoint.ServiceName` (`com.amazonaws.${AWS::Region}.<service>`)',
  ),
  r(
    'interface-endpoint',
    null,
    '`aws_vpc_endpoint` (`vpc_endpoint_type = "Interface"`, `security_group_ids` from its associations)',
    '`AWS::EC2::VPCEndpoint` (`VpcEndpointType: Interface`, `SecurityGroupIds`)',
  ),
  r(
    'interface-endpoint',
    'service',
    '`aws_vpc_endpoint.service_name` (`com.amazonaws.${var.region}.<service>`)',
    '`AWS::EC2::VPCEndpoint.ServiceName`',
  ),
  r(
    'interface-endpoint',
    'subnetIds',
    '`aws_vpc_endpoint.subnet_ids` (with the subnet it is drawn in)',
    '`AWS::EC2::VPCEndpoint.SubnetIds`',
  ),
  r(
    'interface-endpoint',
    'privateDnsEnabled',
    '`aws_vpc_endpoint.private_dns_enabled`',
    '`AWS::EC2::VPCEndpoint.PrivateDnsEnabled`',
  ),
  r(
    'transit-gateway',
    null,
    '`aws_ec2_transit_gateway` + `aws_ec2_transit_gateway_vpc_attachment` per attached VPC',
    '`AWS::EC2::TransitGateway` + `AWS::EC2::TransitGatewayAttachment` per attached VPC',
  ),
  r(
    'transit-gateway',
    'amazonSideAsn',
    '`aws_ec2_transit_gateway.amazon_side_asn`',
    '`AWS::EC2::TransitGateway.AmazonSideAsn`',
  ),
  r(
    'transit-gateway',
    'defaultRouteTableAssociation',
    '`aws_ec2_transit_gateway.default_route_table_association`; off, or with static routes or route tables: a route table of its own with an `aws_ec2_transit_gateway_route_table_association` per attachment no route table lists (with route tables and this off: none), and `transit_gateway_default_route_table_association = false` on every attachment',
    '`AWS::EC2::TransitGateway.DefaultRouteTableAssociation`; off, or with static routes or route tables: `AWS::EC2::TransitGatewayRouteTable` + `AWS::EC2::TransitGatewayRouteTableAssociation` per attachment no route table lists (with route tables and this off: none)',
  ),
  r(
    'transit-gateway',
    'defaultRouteTablePropagation',
    '`aws_ec2_transit_gateway.default_route_table_propagation`; with a route table of its own: an `aws_ec2_transit_gateway_route_table_propagation` per attachment',
    '`AWS::EC2::TransitGateway.DefaultRouteTablePropagation`; with its own table: `AWS::EC2::TransitGatewayRouteTablePropagation` per attachment',
  ),
  r(
    'transit-gateway',
    'routes',
    'one `aws_ec2_transit_gateway_route` per row in its own route table (`transit_gateway_attachment_id` of the VPC, or `blackhole`)',
    'one `AWS::EC2::TransitGatewayRoute` per row (`TransitGatewayAttachmentId` or `Blackhole`)',
  ),
  r(
    'transit-gateway',
    'routeTables',
    "per row: `aws_ec2_transit_gateway_route_table` (tag `Name` = gateway label + `name`), an `aws_ec2_transit_gateway_route_table_association` per associated attached VPC, an `aws_ec2_transit_gateway_route_table_propagation` per propagating attached VPC, an `aws_ec2_transit_gateway_route` per static route; the gateway's default association and propagation are then off",
    "per row: `AWS::EC2::TransitGatewayRouteTable` + `AWS::EC2::TransitGatewayRouteTableAssociation` per associated VPC + `AWS::EC2::TransitGatewayRouteTablePropagation` per propagating VPC + `AWS::EC2::TransitGatewayRoute` per static route; the gateway's `DefaultRouteTableAssociation`/`Propagation` are then `disable`",
  ),
  r('ec2-instance', null, '`aws_instance`', '`AWS::EC2::Instance`'),
  r('ec2-instance', 'instanceType', '`aws_instance.instance_type`', '`AWS::EC2::Instance.InstanceType`'),
  r(
    'ec2-instance',
    'ami',
    '`aws_instance.ami` (unset: latest Amazon Linux 2023 from SSM)',
    '`AWS::EC2::Instance.ImageId` (unset: SSM parameter; set: mapping `BoardAmis`)',
  ),
  r(
    'ec2-instance',
    'count',
    'the `count` meta-argument of `aws_instance`',
    'one `AWS::EC2::Instance` per instance',
  ),
  r(
    'ec2-instance',
    'associatePublicIp',
    '`aws_instance.associate_public_ip_address`',
    '`AWS::EC2::Instance.NetworkInterfaces[0].AssociatePublicIpAddress`',
  ),
  r(
    'ec2-instance',
    'sourceDestCheck',
    '`aws_instance.source_dest_check`',
    '`AWS::EC2::Instance.SourceDestCheck`',
  ),
  r(
    'ecs-service',
    null,
    '`aws_ecs_task_definition` (Fargate, `awsvpc`, one container; `execution_role_arn`: one `aws_iam_role` per board with `AmazonECSTaskExecutionRolePolicy` attached by `aws_iam_role_policy_attachment`) + `aws_ecs_service` (`launch_type = "FARGATE"`; a `load_balancer` block per load balancer whose traffic edge leads to it, `depends_on` its listeners)',
    '`AWS::ECS::TaskDefinition` (`ExecutionRoleArn`: one `AWS::IAM::Role` per board, `ManagedPolicyArns` AmazonECSTaskExecutionRolePolicy) + `AWS::ECS::Service` (`LoadBalancers`, `DependsOn` the listeners)',
  ),
  r(
    'ecs-service',
    'clusterName',
    'one `aws_ecs_cluster` per name (unset: one named after the service); `aws_ecs_service.cluster`',
    'one `AWS::ECS::Cluster` per name; `AWS::ECS::Service.Cluster`',
  ),
  r('ecs-service', 'cpu', '`aws_ecs_task_definition.cpu`', '`AWS::ECS::TaskDefinition.Cpu`'),
  r('ecs-service', 'memory', '`aws_ecs_task_definition.memory`', '`AWS::ECS::TaskDefinition.Memory`'),
  r(
    'ecs-service',
    'image',
    '`aws_ecs_task_definition.container_definitions` (`image`)',
    '`AWS::ECS::TaskDefinition.ContainerDefinitions[0].Image`',
  ),
  r(
    'ecs-service',
    'containerPort',
    "`aws_ecs_task_definition.container_definitions` (`portMappings`); the `load_balancer` block's `container_port`",
    '`AWS::ECS::TaskDefinition.ContainerDefinitions[0].PortMappings`; `AWS::ECS::Service.LoadBalancers[].ContainerPort`',
  ),
  r('ecs-service', 'desiredCount', '`aws_ecs_service.desired_count`', '`AWS::ECS::Service.DesiredCount`'),
  r(
    'ecs-service',
    'assignPublicIp',
    '`aws_ecs_service.network_configuration.assign_public_ip`',
    '`AWS::ECS::Service.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp`',
  ),
  r(
    'ecs-service',
    'subnetIds',
    '`aws_ecs_service.network_configuration.subnets` (with the subnet it is drawn in)',
    '`AWS::ECS::Service.NetworkConfiguration.AwsvpcConfiguration.Subnets`',
  ),
  r(
    'autoscaling-group',
    null,
    '`aws_launch_template` + `aws_autoscaling_group` (`launch_template` at `$Latest`; `target_group_arns`: the target groups of the load balancers whose traffic edges lead to it)',
    '`AWS::EC2::LaunchTemplate` + `AWS::AutoScaling::AutoScalingGroup` (`LaunchTemplate` at its latest version, `TargetGroupARNs`)',
  ),
  r(
    'autoscaling-group',
    'minSize',
    '`aws_autoscaling_group.min_size`',
    '`AWS::AutoScaling::AutoScalingGroup.MinSize`',
  ),
  r(
    'autoscaling-group',
    'desiredCapacity',
    '`aws_autoscaling_group.desired_capacity` (unset: AWS starts at the minimum)',
    '`AWS::AutoScaling::AutoScalingGroup.DesiredCapacity`',
  ),
  r(
    'autoscaling-group',
    'maxSize',
    '`aws_autoscaling_group.max_size`',
    '`AWS::AutoScaling::AutoScalingGroup.MaxSize`',
  ),
  r(
    'autoscaling-group',
    'instanceType',
    '`aws_launch_template.instance_type`',
    '`AWS::EC2::LaunchTemplate.LaunchTemplateData.InstanceType`',
  ),
  r(
    'autoscaling-group',
    'ami',
    '`aws_launch_template.image_id` (unset: latest Amazon Linux 2023 from SSM)',
    '`AWS::EC2::LaunchTemplate.LaunchTemplateData.ImageId` (unset: SSM parameter; set: mapping `BoardAmis`)',
  ),
  r(
    'autoscaling-group',
    'instancePort',
    '`aws_lb_target_group.port` of a load balancer whose traffic edge to it has no port',
    '`AWS::ElasticLoadBalancingV2::TargetGroup.Port` (same)',
  ),
  r(
    'autoscaling-group',
    'associatePublicIp',
    '`aws_launch_template.network_interfaces.associate_public_ip_address` (unset: the subnet decides)',
    '`AWS::EC2::LaunchTemplate.LaunchTemplateData.NetworkInterfaces[0].AssociatePublicIpAddress`',
  ),
  r(
    'autoscaling-group',
    'healthCheckType',
    '`aws_autoscaling_group.health_check_type`',
    '`AWS::AutoScaling::AutoScalingGroup.HealthCheckType`',
  ),
  r(
    'autoscaling-group',
    'healthCheckGracePeriod',
    '`aws_autoscaling_group.health_check_grace_period`',
    '`AWS::AutoScaling::AutoScalingGroup.HealthCheckGracePeriod`',
  ),
  r(
    'autoscaling-group',
    'subnetIds',
    '`aws_autoscaling_group.vpc_zone_identifier` (with the subnet it is drawn in)',
    '`AWS::AutoScaling::AutoScalingGroup.VPCZoneIdentifier`',
  ),
  r(
    'rds-instance',
    null,
    `\`aws_db_instance\` (\`deletion_protection = var.deletion_protection\`, \`final_snapshot_identifier = "<name>-final-\${random_id.final_snapshot.hex}"\`) + \`aws_db_subnet_group\``,
    '`AWS::RDS::DBInstance` (`DeletionProtection`, `DeletionPolicy`/`UpdateReplacePolicy: Snapshot`) + `AWS::RDS::DBSubnetGroup`',
  ),
  r('rds-instance', 'engine', '`aws_db_instance.engine`', '`AWS::RDS::DBInstance.Engine`'),
  r(
    'rds-instance',
    'engineVersion',
    '`aws_db_instance.engine_version`: the major version only for MySQL/MariaDB/PostgreSQL (minor upgrades on, no drift); other engines as given with `auto_minor_version_upgrade = false`',
    '`AWS::RDS::DBInstance.EngineVersion` as given (CloudFormation takes full versions only) with `AutoMinorVersionUpgrade: false`',
  ),
  r(
    'rds-instance',
    'instanceClass',
    '`aws_db_instance.instance_class`',
    '`AWS::RDS::DBInstance.DBInstanceClass`',
  ),
  r('rds-instance', 'licenseModel', '`aws_db_instance.license_model`', '`AWS::RDS::DBInstance.LicenseModel`'),
  r(
    'rds-instance',
    'allocatedStorage',
    '`aws_db_instance.allocated_storage`',
    '`AWS::RDS::DBInstance.AllocatedStorage`',
  ),
  r('rds-instance', 'storageType', '`aws_db_instance.storage_type`', '`AWS::RDS::DBInstance.StorageType`'),
  r('rds-instance', 'iops', '`aws_db_instance.iops`', '`AWS::RDS::DBInstance.Iops`'),
  r('rds-instance', 'multiAz', '`aws_db_instance.multi_az`', '`AWS::RDS::DBInstance.MultiAZ`'),
  r(
    'rds-instance',
    'backupRetentionDays',
    '`aws_db_instance.backup_retention_period`',
    '`AWS::RDS::DBInstance.BackupRetentionPeriod`',
  ),
  r(
    'rds-instance',
    'publiclyAccessible',
    '`aws_db_instance.publicly_accessible`',
    '`AWS::RDS::DBInstance.PubliclyAccessible`',
  ),
  r(
    'rds-instance',
    'storageEncrypted',
    '`aws_db_instance.storage_encrypted`',
    '`AWS::RDS::DBInstance.StorageEncrypted`',
  ),
  r('rds-instance', 'databaseName', '`aws_db_instance.db_name`', '`AWS::RDS::DBInstance.DBName`'),
  r(
    'rds-instance',
    'subnetGroupSubnetIds',
    '`aws_db_subnet_group.subnet_ids` (with the subnet it is drawn in)',
    '`AWS::RDS::DBSubnetGroup.SubnetIds`',
  ),
  r('rds-instance', 'reportingLoad', NOT_EXPORTED, NOT_EXPORTED),
  r(
    'aurora-cluster',
    null,
    '`aws_rds_cluster` (`deletion_protection`, final snapshot with the random suffix) + `aws_db_subnet_group`',
    '`AWS::RDS::DBCluster` (`DeletionProtection`, `DeletionPolicy: Snapshot`) + `AWS::RDS::DBSubnetGroup`',
  ),
  r('aurora-cluster', 'engine', '`aws_rds_cluster.engine`', '`AWS::RDS::DBCluster.Engine`'),
  r(
    'aurora-cluster',
    'engineVersion',
    '`aws_rds_cluster.engine_version`: the major version only (as for RDS)',
    '`AWS::RDS::DBCluster.EngineVersion` as given; instances `AutoMinorVersionUpgrade: false`',
  ),
  r(
    'aurora-cluster',
    'instances',
    "one `aws_rds_cluster_instance` per row (`instance_class`, `availability_zone` from the row's subnet, `promotion_tier` 0 for the writer)",
    'one `AWS::RDS::DBInstance` per row (`DBClusterIdentifier`, `DBInstanceClass`, `AvailabilityZone`, `PromotionTier`)',
  ),
  r(
    'aurora-cluster',
    'backupRetentionDays',
    '`aws_rds_cluster.backup_retention_period`',
    '`AWS::RDS::DBCluster.BackupRetentionPeriod`',
  ),
  r(
    'aurora-cluster',
    'storageEncrypted',
    '`aws_rds_cluster.storage_encrypted`',
    '`AWS::RDS::DBCluster.StorageEncrypted`',
  ),
  r(
    'aurora-cluster',
    'publiclyAccessible',
    '`aws_rds_cluster_instance.publicly_accessible`',
    '`AWS::RDS::DBInstance.PubliclyAccessible`',
  ),
  r(
    'aurora-cluster',
    'databaseName',
    '`aws_rds_cluster.database_name`',
    '`AWS::RDS::DBCluster.DatabaseName`',
  ),
  r(
    'aurora-cluster',
    'subnetGroupSubnetIds',
    '`aws_db_subnet_group.subnet_ids`',
    '`AWS::RDS::DBSubnetGroup.SubnetIds`',
  ),
  r('aurora-cluster', 'reportingLoad', NOT_EXPORTED, NOT_EXPORTED),
  r(
    'dynamodb-table',
    null,
    '`aws_dynamodb_table` (`deletion_protection_enabled = var.deletion_protection`)',
    '`AWS::DynamoDB::Table` (`DeletionProtectionEnabled`; `DeletionPolicy: Retain` with deletion protection)',
  ),
  r('dynamodb-table', 'tableName', '`aws_dynamodb_table.name`', '`AWS::DynamoDB::Table.TableName`'),
  r(
    'dynamodb-table',
    'partitionKeyName',
    '`aws_dynamodb_table.hash_key`',
    '`AWS::DynamoDB::Table.KeySchema` (`HASH`)',
  ),
  r(
    'dynamodb-table',
    'partitionKeyType',
    '`aws_dynamodb_table.attribute`',
    '`AWS::DynamoDB::Table.AttributeDefinitions`',
  ),
  r(
    'dynamodb-table',
    'sortKeyName',
    '`aws_dynamodb_table.range_key`',
    '`AWS::DynamoDB::Table.KeySchema` (`RANGE`)',
  ),
  r(
    'dynamodb-table',
    'sortKeyType',
    '`aws_dynamodb_table.attribute`',
    '`AWS::DynamoDB::Table.AttributeDefinitions`',
  ),
  r(
    'dynamodb-table',
    'billingMode',
    '`aws_dynamodb_table.billing_mode`',
    '`AWS::DynamoDB::Table.BillingMode`',
  ),
  r(
    'dynamodb-table',
    'readCapacity',
    '`aws_dynamodb_table.read_capacity`',
    '`AWS::DynamoDB::Table.ProvisionedThroughput`',
  ),
  r(
    'dynamodb-table',
    'writeCapacity',
    '`aws_dynamodb_table.write_capacity`',
    '`AWS::DynamoDB::Table.ProvisionedThroughput`',
  ),
  r(
    'dynamodb-table',
    'globalSecondaryIndexes',
    '`aws_dynamodb_table.global_secondary_index` blocks',
    '`AWS::DynamoDB::Table.GlobalSecondaryIndexes`',
  ),
  r(
    'dynamodb-table',
    'localSecondaryIndexes',
    '`aws_dynamodb_table.local_secondary_index` blocks',
    '`AWS::DynamoDB::Table.LocalSecondaryIndexes`',
  ),
  r('dynamodb-table', 'itemSizeKb', NOT_EXPORTED, NOT_EXPORTED),
  r('dynamodb-table', 'lowCardinalityKey', NOT_EXPORTED, NOT_EXPORTED),
  r('dynamodb-table', 'deployed', NOT_EXPORTED, NOT_EXPORTED),
  r('dynamodb-table', 'deployedLocalIndexes', NOT_EXPORTED, NOT_EXPORTED),
  r(
    'dynamodb-table',
    'pointInTimeRecovery',
    '`aws_dynamodb_table.point_in_time_recovery`',
    '`AWS::DynamoDB::Table.PointInTimeRecoverySpecification`',
  ),
  r(
    'elasticache-cluster',
    null,
    '`aws_elasticache_replication_group` (Redis OSS, Valkey; final snapshot with the random suffix) or `aws_elasticache_cluster` (Memcached) + `aws_elasticache_subnet_group`',
    '`AWS::ElastiCache::ReplicationGroup` (`DeletionPolicy: Snapshot`) or `AWS::ElastiCache::CacheCluster` + `AWS::ElastiCache::SubnetGroup`',
  ),
  r('elasticache-cluster', 'engine', '`engine`', '`Engine`'),
  r('elasticache-cluster', 'engineVersion', '`engine_version`', '`EngineVersion`'),
  r('elasticache-cluster', 'nodeType', '`node_type`', '`CacheNodeType`'),
  r(
    'elasticache-cluster',
    'numCacheNodes',
    '`aws_elasticache_cluster.num_cache_nodes`',
    '`AWS::ElastiCache::CacheCluster.NumCacheNodes`',
  ),
  r(
    'elasticache-cluster',
    'numShards',
    '`aws_elasticache_replication_group.num_node_groups`',
    '`AWS::ElastiCache::ReplicationGroup.NumNodeGroups`',
  ),
  r(
    'elasticache-cluster',
    'replicasPerShard',
    '`aws_elasticache_replication_group.replicas_per_node_group`',
    '`AWS::ElastiCache::ReplicationGroup.ReplicasPerNodeGroup`',
  ),
  r(
    'elasticache-cluster',
    'automaticFailover',
    '`aws_elasticache_replication_group.automatic_failover_enabled`, `multi_az_enabled`',
    '`AWS::ElastiCache::ReplicationGroup.AutomaticFailoverEnabled`, `MultiAZEnabled`',
  ),
  r(
    'elasticache-cluster',
    'snapshotRetentionDays',
    '`aws_elasticache_replication_group.snapshot_retention_limit`',
    '`AWS::ElastiCache::ReplicationGroup.SnapshotRetentionLimit`',
  ),
  r('elasticache-cluster', 'snapshotSource', NOT_EXPORTED, NOT_EXPORTED),
  r(
    'elasticache-cluster',
    'transitEncryption',
    '`aws_elasticache_replication_group.transit_encryption_enabled`',
    '`AWS::ElastiCache::ReplicationGroup.TransitEncryptionEnabled`',
  ),
  r(
    'elasticache-cluster',
    'subnetGroupSubnetIds',
    '`aws_elasticache_subnet_group.subnet_ids`',
    '`AWS::ElastiCache::SubnetGroup.SubnetIds`',
  ),
  r(
    'redshift-cluster',
    null,
    '`aws_redshift_cluster` (final snapshot with the random suffix) + `aws_redshift_subnet_group`',
    '`AWS::Redshift::Cluster` (`DeletionPolicy: Snapshot`) + `AWS::Redshift::ClusterSubnetGroup`',
  ),
  r('redshift-cluster', 'nodeType', '`aws_redshift_cluster.node_type`', '`AWS::Redshift::Cluster.NodeType`'),
  r(
    'redshift-cluster',
    'numberOfNodes',
    '`aws_redshift_cluster.number_of_nodes`, `cluster_type`',
    '`AWS::Redshift::Cluster.NumberOfNodes`, `ClusterType`',
  ),
  r(
    'redshift-cluster',
    'databaseName',
    '`aws_redshift_cluster.database_name`',
    '`AWS::Redshift::Cluster.DBName`',
  ),
  r(
    'redshift-cluster',
    'encrypted',
    '`aws_redshift_cluster.encrypted`',
    '`AWS::Redshift::Cluster.Encrypted`',
  ),
  r(
    'redshift-cluster',
    'publiclyAccessible',
    '`aws_redshift_cluster.publicly_accessible`',
    '`AWS::Redshift::Cluster.PubliclyAccessible`',
  ),
  r(
    'redshift-cluster',
    'subnetGroupSubnetIds',
    '`aws_redshift_subnet_group.subnet_ids`',
    '`AWS::Redshift::ClusterSubnetGroup.SubnetIds`',
  ),
  r('sqs-queue', null, '`aws_sqs_queue`', '`AWS::SQS::Queue`'),
  r('sqs-queue', 'queueName', '`aws_sqs_queue.name` (FIFO: `.fifo` added)', '`AWS::SQS::Queue.QueueName`'),
  r('sqs-queue', 'fifo', '`aws_sqs_queue.fifo_queue`', '`AWS::SQS::Queue.FifoQueue`'),
  r(
    'sqs-queue',
    'contentBasedDeduplication',
    '`aws_sqs_queue.content_based_deduplication`',
    '`AWS::SQS::Queue.ContentBasedDeduplication`',
  ),
  r(
    'sqs-queue',
    'visibilityTimeoutSeconds',
    '`aws_sqs_queue.visibility_timeout_seconds`',
    '`AWS::SQS::Queue.VisibilityTimeout`',
  ),
  r('sqs-queue', 'delaySeconds', '`aws_sqs_queue.delay_seconds`', '`AWS::SQS::Queue.DelaySeconds`'),
  r(
    'sqs-queue',
    'messageRetentionSeconds',
    '`aws_sqs_queue.message_retention_seconds`',
    '`AWS::SQS::Queue.MessageRetentionPeriod`',
  ),
  r(
    'sqs-queue',
    'receiveWaitTimeSeconds',
    '`aws_sqs_queue.receive_wait_time_seconds`',
    '`AWS::SQS::Queue.ReceiveMessageWaitTimeSeconds`',
  ),
  r(
    'sqs-queue',
    'maxMessageSizeBytes',
    '`aws_sqs_queue.max_message_size`',
    '`AWS::SQS::Queue.MaximumMessageSize`',
  ),
  r('sqs-queue', 'messageAttributes', NOT_EXPORTED, NOT_EXPORTED),
  r('sns-topic', null, '`aws_sns_topic`', '`AWS::SNS::Topic`'),
  r('sns-topic', 'topicName', '`aws_sns_topic.name`', '`AWS::SNS::Topic.TopicName`'),
  r('sns-topic', 'fifo', '`aws_sns_topic.fifo_topic`', '`AWS::SNS::Topic.FifoTopic`'),
  r('sns-topic', 'displayName', '`aws_sns_topic.display_name`', '`AWS::SNS::Topic.DisplayName`'),
  r(
    'cloudfront-distribution',
    null,
    '`aws_cloudfront_distribution`: the first origin edge serves the default behaviour, every other origin an `ordered_cache_behavior` for `<edge path>/*` (an origin without a path is left out with a note); behaviours use cache policies (S3: managed CachingOptimized; load balancer/instance/custom: CachingDisabled + AllViewerExceptHostHeader), never `forwarded_values`',
    '`AWS::CloudFront::Distribution` (`DefaultCacheBehavior` + `CacheBehaviors`, same rules, `CachePolicyId`)',
  ),
  r(
    'cloudfront-distribution',
    'minTtl',
    'any TTL set: an `aws_cloudfront_cache_policy.min_ttl` for the default behaviour (unset: a managed policy)',
    'any TTL set: `AWS::CloudFront::CachePolicy` `CachePolicyConfig.MinTTL` (unset: a managed policy)',
  ),
  r(
    'cloudfront-distribution',
    'defaultTtl',
    'any TTL set: an `aws_cloudfront_cache_policy.default_ttl` for the default behaviour (unset: a managed policy)',
    'any TTL set: `AWS::CloudFront::CachePolicy` `CachePolicyConfig.DefaultTTL` (unset: a managed policy)',
  ),
  r(
    'cloudfront-distribution',
    'maxTtl',
    'any TTL set: an `aws_cloudfront_cache_policy.max_ttl` for the default behaviour (unset: a managed policy)',
    'any TTL set: `AWS::CloudFront::CachePolicy` `CachePolicyConfig.MaxTTL` (unset: a managed policy)',
  ),
  r(
    'cloudfront-distribution',
    'priceClass',
    '`aws_cloudfront_distribution.price_class`',
    '`AWS::CloudFront::Distribution.DistributionConfig` `PriceClass`',
  ),
  r(
    'cloudfront-distribution',
    'viewerProtocolPolicy',
    '`aws_cloudfront_distribution.default_cache_behavior` `viewer_protocol_policy`',
    '`AWS::CloudFront::Distribution.DistributionConfig` `DefaultCacheBehavior.ViewerProtocolPolicy`',
  ),
  r(
    'cloudfront-distribution',
    'defaultRootObject',
    '`aws_cloudfront_distribution.default_root_object`',
    '`AWS::CloudFront::Distribution.DistributionConfig` `DefaultRootObject`',
  ),
  r(
    'cloudfront-distribution',
    'aliases',
    '`aws_cloudfront_distribution.aliases` + `viewer_certificate` with `var.cloudfront_certificate_arn` (validated to be in us-east-1)',
    '`AWS::CloudFront::Distribution.DistributionConfig` `Aliases` + `ViewerCertificate` (parameter `CloudFrontCertificateArn`, pattern us-east-1)',
  ),
  r(
    's3-bucket',
    null,
    '`aws_s3_bucket` (+ versioning, public access block, encryption resources)',
    '`AWS::S3::Bucket` (`DeletionPolicy: Retain` with deletion protection)',
  ),
  r('s3-bucket', 'bucketName', '`aws_s3_bucket.bucket`', '`AWS::S3::Bucket.BucketName`'),
  r('s3-bucket', 'versioning', '`aws_s3_bucket_versioning`', '`AWS::S3::Bucket.VersioningConfiguration`'),
  r(
    's3-bucket',
    'blockPublicAccess',
    '`aws_s3_bucket_public_access_block`',
    '`AWS::S3::Bucket.PublicAccessBlockConfiguration`',
  ),
  r(
    's3-bucket',
    'encryption',
    '`aws_s3_bucket_server_side_encryption_configuration`; SSE-KMS: an `aws_kms_key` of its own (rotation on) whose policy lets each distribution reading the bucket `kms:Decrypt` (`AWS:SourceArn` = the distribution)',
    "`AWS::S3::Bucket.BucketEncryption`; SSE-KMS: an `AWS::KMS::Key` granting CloudFront `kms:Decrypt` for the account's distributions (naming the one distribution would be a dependency cycle)",
  ),
  r(
    's3-bucket',
    'websiteHosting',
    '`aws_s3_bucket_website_configuration`',
    '`AWS::S3::Bucket.WebsiteConfiguration`',
  ),
  r('route53-zone', null, '`aws_route53_zone`', '`AWS::Route53::HostedZone`'),
  r('route53-zone', 'domainName', '`aws_route53_zone.name`', '`AWS::Route53::HostedZone.Name`'),
  r(
    'route53-zone',
    'privateZone',
    '`aws_route53_zone.vpc` (the first VPC)',
    '`AWS::Route53::HostedZone.VPCs`',
  ),
  r(
    'custom-origin',
    null,
    'no resource: an `origin` with `custom_origin_config` in the distribution',
    'no resource: an origin with `CustomOriginConfig`',
  ),
  r(
    'custom-origin',
    'domainName',
    '`aws_cloudfront_distribution.origin` `domain_name`',
    '`AWS::CloudFront::Distribution.DistributionConfig` `Origins[].DomainName`',
  ),
  r(
    'custom-origin',
    'httpsOnly',
    '`custom_origin_config.origin_protocol_policy` (`https-only` / `match-viewer`)',
    '`CustomOriginConfig.OriginProtocolPolicy`',
  ),
  r(
    'lambda-function',
    null,
    '`aws_lambda_function` with a placeholder package (`data "archive_file"`), `aws_iam_role` + `aws_iam_role_policy_attachment` (AWSLambdaBasicExecutionRole, or AWSLambdaVPCAccessExecutionRole in a VPC)',
    '`AWS::Lambda::Function` with inline placeholder code (Node.js, Python; other runtimes: package S3 location parameters), `AWS::IAM::Role` with the managed policy',
  ),
  r('lambda-function', 'runtime', '`aws_lambda_function.runtime`', '`AWS::Lambda::Function.Runtime`'),
  r('lambda-function', 'handler', '`aws_lambda_function.handler`', '`AWS::Lambda::Function.Handler`'),
  r(
    'lambda-function',
    'memorySize',
    '`aws_lambda_function.memory_size`',
    '`AWS::Lambda::Function.MemorySize`',
  ),
  r('lambda-function', 'timeout', '`aws_lambda_function.timeout`', '`AWS::Lambda::Function.Timeout`'),
  r(
    'lambda-function',
    'subnetIds',
    '`aws_lambda_function.vpc_config` `subnet_ids` (with the subnet it is drawn in; `security_group_ids` from its associations, else the VPC default group)',
    '`AWS::Lambda::Function.VpcConfig` `SubnetIds`, `SecurityGroupIds`',
  ),
  r(
    'api-gateway',
    null,
    'HTTP API: `aws_apigatewayv2_api` + `aws_apigatewayv2_stage` (auto-deployed); REST API: `aws_api_gateway_rest_api` (+ deployment and stage when it has a function or load balancer to send requests to)',
    'HTTP API: `AWS::ApiGatewayV2::Api` + `AWS::ApiGatewayV2::Stage`; REST API: `AWS::ApiGateway::RestApi` (+ `Deployment`, `Stage`)',
  ),
  r(
    'api-gateway',
    'apiType',
    'which of the two: `aws_apigatewayv2_api.protocol_type` `HTTP`, or `aws_api_gateway_rest_api`',
    '`AWS::ApiGatewayV2::Api.ProtocolType` or `AWS::ApiGateway::RestApi`',
  ),
  r(
    'api-gateway',
    'stageName',
    '`aws_apigatewayv2_stage.name` / `aws_api_gateway_stage.stage_name`; a CloudFront origin path',
    '`AWS::ApiGatewayV2::Stage.StageName` / `AWS::ApiGateway::Stage.StageName`',
  ),
  r(
    'api-gateway',
    'endpointType',
    '`aws_api_gateway_rest_api.endpoint_configuration` `types` (PRIVATE: with a resource policy)',
    '`AWS::ApiGateway::RestApi.EndpointConfiguration`',
  ),
  r(
    'api-gateway',
    'vpcLinkVersion',
    "a traffic edge to an internal load balancer: V2 (HTTP APIs; REST APIs with `integration_target` = the load balancer) `aws_apigatewayv2_vpc_link` in the load balancer's subnets with a security group of its own that the load balancer's groups admit on the listener port; V1 (REST APIs, NLBs only) `aws_api_gateway_vpc_link` `target_arns`. Integrations `connection_type = \"VPC_LINK\"`, `HTTP_PROXY` `ANY`: an HTTP API's `integration_uri` is the listener, payload 1.0; a REST API's `uri` `http://<load balancer DNS>:<port>/{proxy}`. Internet-facing load balancers, and V1 to an ALB, are not exported (a note says so)",
    "`AWS::ApiGatewayV2::VpcLink` (+ `AWS::EC2::SecurityGroup`, `AWS::EC2::SecurityGroupIngress` on the load balancer's groups) or `AWS::ApiGateway::VpcLink`; `AWS::ApiGatewayV2::Integration` / `AWS::ApiGateway::Method.Integration` `ConnectionType: VPC_LINK`, `ConnectionId` (REST V2: `IntegrationTarget`)",
  ),
  r(
    'api-gateway',
    'integrationTimeoutMs',
    '`timeout_milliseconds` of every integration (`aws_apigatewayv2_integration`, at most 30000 for an HTTP API; `aws_api_gateway_integration`: above 29000 a note on the quota increase)',
    '`AWS::ApiGatewayV2::Integration.TimeoutInMillis` / `AWS::ApiGateway::Method.Integration.TimeoutInMillis`',
  ),
  r('internet', null, 'no resource (the start of reachability checks)', 'no resource'),
  r('text', null, 'ignored (whiteboard)', 'ignored (whiteboard)'),
  r('sticky', null, 'ignored (whiteboard)', 'ignored (whiteboard)'),
  r('frame', null, 'ignored (whiteboard)', 'ignored (whiteboard)'),
  r(
    'edge:route',
    null,
    '`aws_route_table` (one per set of identical routes in a VPC, `route` blocks) + `aws_route_table_association` per subnet',
    '`AWS::EC2::RouteTable` + `AWS::EC2::Route` per route + `AWS::EC2::SubnetRouteTableAssociation`',
  ),
  r(
    'edge:route',
    'destinationCidr',
    '`route.cidr_block`; target: `gateway_id`, `nat_gateway_id`, `network_interface_id` (instance), `vpc_peering_connection_id` (to a VPC) or `transit_gateway_id` (the table `depends_on` the VPC attachment)',
    '`AWS::EC2::Route.DestinationCidrBlock`; `GatewayId`, `NatGatewayId`, `InstanceId`, `VpcPeeringConnectionId` or `TransitGatewayId` (`DependsOn` the VPC attachment)',
  ),
  r('edge:peering', null, '`aws_vpc_peering_connection` (`auto_accept`)', '`AWS::EC2::VPCPeeringConnection`'),
  r(
    'edge:peering',
    'addRoutes',
    'a route to the peer CIDR in the route tables of both VPCs',
    'an `AWS::EC2::Route` to the peer CIDR in the route tables of both VPCs',
  ),
  r(
    'edge:origin',
    null,
    '`aws_cloudfront_distribution.origin`; S3: `aws_cloudfront_origin_access_control` + `aws_s3_bucket_policy`; ALB, instance, custom: `custom_origin_config`',
    '`Origins[]`; S3: `AWS::CloudFront::OriginAccessControl` + `AWS::S3::BucketPolicy`; others: `CustomOriginConfig`',
  ),
  r(
    'edge:origin',
    'originPath',
    "first origin: `origin.origin_path`; other origins: the behaviour's `path_pattern` (`<path>/*`)",
    'first origin: `Origins[].OriginPath`; others: `CacheBehaviors[].PathPattern`',
  ),
  r(
    'edge:origin',
    'vpcOrigin',
    'exported as a public custom origin, with a note',
    'exported as a public custom origin, with a note',
  ),
  r(
    'edge:read-replica',
    null,
    "`aws_db_instance.replicate_source_db`, `skip_final_snapshot = true` (AWS takes no final snapshot of a replica), the source's security groups when none is drawn",
    "`AWS::RDS::DBInstance.SourceDBInstanceIdentifier`, `DeletionPolicy: Delete`, the source's `VPCSecurityGroups` when none is drawn",
  ),
  r(
    'edge:dead-letter',
    null,
    '`aws_sqs_queue.redrive_policy` (`deadLetterTargetArn`)',
    '`AWS::SQS::Queue.RedrivePolicy`',
  ),
  r(
    'edge:dead-letter',
    'maxReceiveCount',
    '`redrive_policy` `maxReceiveCount`',
    '`RedrivePolicy.maxReceiveCount`',
  ),
  r(
    'edge:traffic',
    null,
    'load balancer → instance: `aws_lb_target_group_attachment`; SNS topic → SQS queue: `aws_sns_topic_subscription` + `aws_sqs_queue_policy`; API Gateway → Lambda function: an integration, a route or resource and method, `aws_lambda_permission`; otherwise checked by the validator only',
    'load balancer → instance: `TargetGroup.Targets`; topic → queue: `AWS::SNS::Subscription` + `AWS::SQS::QueuePolicy`; API → function: integration, route or resource and method, `AWS::Lambda::Permission`',
  ),
  r('edge:traffic', 'protocol', NOT_EXPORTED, NOT_EXPORTED),
  r(
    'edge:traffic',
    'port',
    'target group `port` (load balancer → instance)',
    '`AWS::ElasticLoadBalancingV2::TargetGroup.Port`',
  ),
  r('edge:traffic', 'requiresOrdering', NOT_EXPORTED, NOT_EXPORTED),
  r(
    'edge:association',
    null,
    'security group → resource: `vpc_security_group_ids` / `security_groups` / `security_group_ids`; network ACL → subnet: `aws_network_acl_association`; Elastic IP → NAT gateway: `allocation_id`, → instance: `aws_eip_association`; gateway endpoint → subnet: the route table of the subnet in `aws_vpc_endpoint.route_table_ids` (subnets with different endpoints get different tables)',
    '`SecurityGroupIds` / `SecurityGroups` / `VpcSecurityGroupIds`; `AWS::EC2::SubnetNetworkAclAssociation`; `NatGateway.AllocationId`; `AWS::EC2::EIPAssociation`; `VPCEndpoint.RouteTableIds`',
  ),
  r(
    'edge:attachment',
    null,
    '`aws_ec2_transit_gateway_vpc_attachment.subnet_ids` (one attachment per VPC and gateway, one subnet per AZ)',
    '`AWS::EC2::TransitGatewayAttachment.SubnetIds`',
  ),
];

/** Model kinds, properties and edge kinds that the mapping does not mention (should be none). */
export function unmapped(): string[] {
  const out: string[] = [];
  const has = (subject: string, property: string | null) =>
    MAPPING.some((m) => m.subject === subject && m.property === property);
  for (const k of NODE_KINDS) {
    if (!has(k.kind, null)) out.push(k.kind);
    if (k.whiteboard) continue;
    for (const f of Object.keys(k.fields)) if (!has(k.kind, f)) out.push(`${k.kind}.${f}`);
  }
  for (const e of EDGE_KINDS) {
    if (!has(`edge:${e.kind}`, null)) out.push(`edge:${e.kind}`);
    for (const f of Object.keys(e.fields)) if (!has(`edge:${e.kind}`, f)) out.push(`edge:${e.kind}.${f}`);
  }
  return out;
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The mapping as the Markdown tables of docs/export.md. */
export function renderMappingMarkdown(): string {
  const lines: string[] = [];
  const subjects = [...new Set(MAPPING.map((m) => m.subject))];
  lines.push(
    '| Kind | Property | Terraform (hashicorp/aws) | CloudFormation (CDK L1 construct) |',
    '|---|---|---|---|',
  );
  for (const s of subjects.filter((x) => !x.startsWith('edge:'))) {
    for (const m of MAPPING.filter((x) => x.subject === s))
      lines.push(
        `| \`${s}\` | ${m.property ? `\`${m.property}\`` : '(node)'} | ${cell(m.terraform)} | ${cell(m.cloudformation)} |`,
      );
  }
  lines.push(
    '',
    '| Edge | Property | Terraform (hashicorp/aws) | CloudFormation (CDK L1 construct) |',
    '|---|---|---|---|',
  );
  for (const s of subjects.filter((x) => x.startsWith('edge:'))) {
    for (const m of MAPPING.filter((x) => x.subject === s))
      lines.push(
        `| \`${s.slice(5)}\` | ${m.property ? `\`${m.property}\`` : '(edge)'} | ${cell(m.terraform)} | ${cell(m.cloudformation)} |`,
      );
  }
  return `${lines.join('\n')}\n`;
}
