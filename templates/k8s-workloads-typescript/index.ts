import * as pulumi from "@pulumi/pulumi";
import * as wl from "k8s-workloads";

const config = new pulumi.Config();
const namespace = config.get("namespace") ?? "default";
const webImage = config.get("webImage") ?? "nginx:1.25.3";
const canaryWeight = config.getNumber("canaryWeight") ?? 10;
// `pulumi config set --secret dbPassword ...`: a secret from config to the MySqlCluster's Secret.
const dbPassword = config.requireSecret("dbPassword");

const web = new wl.RollingDeployment("web", {
    namespace,
    image: webImage,
    port: 8080,
    replicas: 3,
});

const shop = new wl.CanaryDeployment("shop", {
    namespace,
    port: 8080,
    replicas: 10,
    stable: { image: "myapp:v1.0.0" },
    canary: { image: "myapp:v2.0.0" },
    canaryWeight,
    traffic: wl.TrafficMode.Replicas,
});

const mysql = new wl.MySqlCluster("mysql", {
    namespace,
    replicas: 3,
    storageSize: "10Gi",
    rootPassword: dbPassword,
});

export const webService = web.serviceDnsName;
export const shopCanaryPods = shop.canaryReplicas;
export const mysqlPrimary = mysql.primaryHost;
