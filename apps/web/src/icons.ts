/**
 * Official AWS Architecture Icons (from the `aws-icons` package, which repackages AWS's icon
 * set as optimised SVGs). Keys are the model's `kindDef(kind).icon`.
 */
import az from 'aws-icons/icons/architecture-group/Region.svg?url';
import privateSubnet from 'aws-icons/icons/architecture-group/Privatesubnet.svg?url';
import publicSubnet from 'aws-icons/icons/architecture-group/Publicsubnet.svg?url';
import vpc from 'aws-icons/icons/architecture-group/VirtualprivatecloudVPC.svg?url';
import apiGateway from 'aws-icons/icons/architecture-service/AmazonAPIGateway.svg?url';
import aurora from 'aws-icons/icons/architecture-service/AmazonAurora.svg?url';
import cloudfront from 'aws-icons/icons/architecture-service/AmazonCloudFront.svg?url';
import dynamodb from 'aws-icons/icons/architecture-service/AmazonDynamoDB.svg?url';
import ec2 from 'aws-icons/icons/architecture-service/AmazonEC2.svg?url';
import autoScaling from 'aws-icons/icons/architecture-service/AmazonEC2AutoScaling.svg?url';
import ecs from 'aws-icons/icons/architecture-service/AmazonElasticContainerService.svg?url';
import elasticache from 'aws-icons/icons/architecture-service/AmazonElastiCache.svg?url';
import rds from 'aws-icons/icons/architecture-service/AmazonRDS.svg?url';
import redshift from 'aws-icons/icons/architecture-service/AmazonRedshift.svg?url';
import route53 from 'aws-icons/icons/architecture-service/AmazonRoute53.svg?url';
import sns from 'aws-icons/icons/architecture-service/AmazonSimpleNotificationService.svg?url';
import sqs from 'aws-icons/icons/architecture-service/AmazonSimpleQueueService.svg?url';
import s3 from 'aws-icons/icons/architecture-service/AmazonSimpleStorageService.svg?url';
import lambda from 'aws-icons/icons/architecture-service/AWSLambda.svg?url';
import elb from 'aws-icons/icons/architecture-service/ElasticLoadBalancing.svg?url';
import elasticIp from 'aws-icons/icons/resource/AmazonEC2ElasticIPAddress.svg?url';
import natInstance from 'aws-icons/icons/resource/AmazonEC2Instance.svg?url';
import igw from 'aws-icons/icons/resource/AmazonVPCInternetGateway.svg?url';
import natGateway from 'aws-icons/icons/resource/AmazonVPCNATGateway.svg?url';
import nacl from 'aws-icons/icons/resource/AmazonVPCNetworkAccessControlList.svg?url';
import server from 'aws-icons/icons/resource/Server.svg?url';
import shield from 'aws-icons/icons/resource/Shield.svg?url';
import users from 'aws-icons/icons/resource/Users.svg?url';
// Private connectivity (gateway/interface VPC endpoints, Transit Gateway).
import privateLink from 'aws-icons/icons/architecture-service/AWSPrivateLink.svg?url';
import transitGateway from 'aws-icons/icons/architecture-service/AWSTransitGateway.svg?url';
import vpcEndpoints from 'aws-icons/icons/resource/AmazonVPCEndpoints.svg?url';

const ICONS: Record<string, string> = {
  vpc,
  az,
  subnet: privateSubnet,
  'subnet-public': publicSubnet,
  'internet-gateway': igw,
  'nat-gateway': natGateway,
  'nat-instance': natInstance,
  'elastic-ip': elasticIp,
  'security-group': shield,
  'network-acl': nacl,
  'load-balancer': elb,
  'ec2-instance': ec2,
  'ecs-service': ecs,
  'autoscaling-group': autoScaling,
  rds,
  aurora,
  elasticache,
  redshift,
  dynamodb,
  sqs,
  sns,
  cloudfront,
  s3,
  route53,
  'custom-origin': server,
  lambda,
  'api-gateway': apiGateway,
  internet: users,
  'gateway-endpoint': vpcEndpoints,
  'interface-endpoint': privateLink,
  'transit-gateway': transitGateway,
};

/** The icon URL for an icon key, or undefined for kinds drawn without one (whiteboard items). */
export function iconUrl(key: string): string | undefined {
  return ICONS[key];
}
