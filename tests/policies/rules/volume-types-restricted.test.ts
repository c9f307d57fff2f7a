/** `volume-types-restricted`: its pass and fail cases. */
import { changed } from "../helpers";
import { D, podSpec, ruleSuite } from "./kit";

ruleSuite("volume-types-restricted", {
    passing: [
        {
            name: "every restricted volume type",
            objects: () =>
                changed(D(), (d) => {
                    podSpec(d).volumes = [
                        { name: "a", configMap: { name: "cfg" } },
                        { name: "b", csi: { driver: "x" } },
                        { name: "c", downwardAPI: { items: [] } },
                        { name: "d", emptyDir: {} },
                        { name: "e", ephemeral: { volumeClaimTemplate: {} } },
                        { name: "f", persistentVolumeClaim: { claimName: "data" } },
                        { name: "g", projected: { sources: [] } },
                        { name: "h", secret: { secretName: "s" } },
                    ];
                }),
        },
        {
            name: "a type allowed by config",
            config: { allowedVolumeTypes: ["hostPath"] },
            objects: () =>
                changed(D(), (d) => (podSpec(d).volumes = [{ name: "logs", hostPath: { path: "/var/log" } }])),
        },
        { name: "a malformed volumes field", objects: () => changed(D(), (d) => (podSpec(d).volumes = "none")) },
    ],
    failing: [
        {
            name: "hostPath",
            objects: () =>
                changed(D(), (d) => (podSpec(d).volumes = [{ name: "logs", hostPath: { path: "/var/log" } }])),
            message: 'volume "logs" is of type hostPath',
        },
        {
            name: "nfs and a cloud disk",
            objects: () =>
                changed(D(), (d) => {
                    podSpec(d).volumes = [
                        { name: "share", nfs: { server: "nfs", path: "/" } },
                        { name: "disk", awsElasticBlockStore: { volumeID: "vol-1" } },
                    ];
                }),
            count: 2,
        },
    ],
});
