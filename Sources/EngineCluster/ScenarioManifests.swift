import EngineAPI
import GoJSON
import GoYAML

/// The objects each scenario applies, in phases (each phase runs until the cluster settles).
struct ScenarioPhase {
    var create: [JSONValue]
    var changes: [@Sendable (ClusterEngine) async throws -> Void] = []
}

enum ScenarioManifests {
    static func phases(_ options: GenerateOptions) throws -> [ScenarioPhase] {
        switch options.scenario {
        case .fresh: return []
        case .deployment: return [ScenarioPhase(create: try YAMLInput.parseDocuments(deployment))]
        case .demo:
            return [
                ScenarioPhase(create: try YAMLInput.parseDocuments(demo)),
                // A rolling update: a new image for the shop's web Deployment.
                ScenarioPhase(create: [], changes: [{ engine in
                    let deployments = try engine.api.resource(apiVersion: "apps/v1", kind: "Deployment")
                    try await engine.api.patch(deployments, namespace: "shop", name: "web", mergePatch: try JSONParser.parse(
                        #"{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27.3"}]}}}}"#),
                        manager: "kubectl-patch")
                }]),
                // A pod deleted by hand: its ReplicaSet replaces it.
                ScenarioPhase(create: [], changes: [{ engine in
                    let pods = try engine.api.resource(apiVersion: "v1", kind: "Pod")
                    if let victim = try await engine.api.list(pods, namespace: "shop").items.first(where: {
                        ($0[path: ["metadata", "name"]]?.stringValue ?? "").hasPrefix("api-")
                    }), let name = victim[path: ["metadata", "name"]]?.stringValue {
                        try await engine.api.delete(pods, namespace: "shop", name: name)
                    }
                }]),
            ]
        case .scale:
            return [ScenarioPhase(create: try scaleDeployments(pods: options.pods))]
        }
    }

    /// Deployments of 30 replicas (the last one smaller) making up `pods` pods.
    static func scaleDeployments(pods: Int) throws -> [JSONValue] {
        var out: [JSONValue] = []
        var left = pods
        var i = 0
        while left > 0 {
            let replicas = min(30, left)
            out.append(try JSONParser.parse("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"app-\(i)","namespace":"default","labels":{"app":"app-\(i)"}},
                 "spec":{"replicas":\(replicas),"selector":{"matchLabels":{"app":"app-\(i)"}},
                  "template":{"metadata":{"labels":{"app":"app-\(i)"}},
                   "spec":{"containers":[{"name":"app","image":"registry.example.com/app:\(i % 7 + 1).0",
                    "resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}}}
                """))
            left -= replicas
            i += 1
        }
        return out
    }

    static let demo = """
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: Namespace
metadata:
  name: data
---
apiVersion: v1
kind: Namespace
metadata:
  name: batch
---
apiVersion: v1
kind: Namespace
metadata:
  name: monitoring
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  namespace: shop
data:
  LOG_LEVEL: info
  nginx.conf: |
    server {
      listen 80;
      location / { root /usr/share/nginx/html; }
    }
---
apiVersion: v1
kind: Secret
metadata:
  name: api-credentials
  namespace: shop
type: Opaque
data:
  password: czNjcjN0LXBhc3N3b3Jk
  username: YXBp
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
        volumeMounts:
        - name: config
          mountPath: /etc/nginx/conf.d
      volumes:
      - name: config
        configMap:
          name: web-config
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
  labels:
    app: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: api
        image: ghcr.io/example/shop-api:2.4.1
        env:
        - name: DB_HOST
          value: db-0.db.data.svc.cluster.local
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: api-credentials
              key: password
        ports:
        - containerPort: 8080
        resources:
          requests:
            cpu: 250m
            memory: 256Mi
          limits:
            cpu: 500m
            memory: 256Mi
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  type: NodePort
  selector:
    app: api
  ports:
  - port: 8080
    targetPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: data
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - port: 5432
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: postgres
        image: postgres:16.4
        ports:
        - containerPort: 5432
        resources:
          requests:
            cpu: 200m
            memory: 512Mi
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
  namespace: monitoring
spec:
  selector:
    matchLabels:
      app: node-exporter
  template:
    metadata:
      labels:
        app: node-exporter
    spec:
      hostNetwork: true
      containers:
      - name: node-exporter
        image: quay.io/prometheus/node-exporter:v1.8.2
        ports:
        - containerPort: 9100
      tolerations:
      - operator: Exists
---
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: batch
spec:
  completions: 1
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: ghcr.io/example/migrate:1.0
        command: [/migrate, --apply]
"""

    static let deployment = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  namespace: default
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: nginx
  namespace: default
  labels:
    app: nginx
spec:
  selector:
    app: nginx
  ports:
  - port: 80
    targetPort: 80
"""
}
