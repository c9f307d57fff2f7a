/** `host-ports-restricted`: its pass and fail cases. */
import { changed } from "../helpers";
import { ruleSuite, D, c0 } from "./kit";

ruleSuite("host-ports-restricted", {
    passing: [
        {
            name: "allowed port",
            config: { allowedHostPorts: ["9100"] },
            objects: () => changed(D(), (d) => (c0(d).ports = [{ name: "http", containerPort: 9100, hostPort: 9100 }])),
        },
    ],
    failing: [
        {
            name: "hostPort",
            objects: () => changed(D(), (d) => (c0(d).ports = [{ name: "http", containerPort: 8080, hostPort: 8080 }])),
            message: "hostPort 8080",
        },
        {
            name: "outside allowed range",
            config: { allowedHostPorts: ["9000-9099"] },
            objects: () => changed(D(), (d) => (c0(d).ports = [{ name: "http", containerPort: 9100, hostPort: 9100 }])),
        },
    ],
});
