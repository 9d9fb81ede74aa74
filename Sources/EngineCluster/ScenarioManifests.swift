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
        case .demo, .scale: return []
        }
    }

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
