import EngineAPI
import EngineKit
import GoJSON
import GoYAML

/// The control plane's static pods (kubeadm's manifests in /etc/kubernetes/manifests) as the
/// kubelet mirrors them into the API: name `<component>-<node>`, the config annotations, and an
/// ownerReference to the Node. The kubelet then reports their status like any other pod.
enum StaticPods {
    static func mirrorPods(node: JSONValue, spec: ClusterSpec, seenAt: String, random: inout EngineRandom) throws -> [JSONValue] {
        let nodeName = node[path: ["metadata", "name"]]?.stringValue ?? spec.hostname
        let version = "v\(spec.kubeVersion.major).\(spec.kubeVersion.minor).0"
        var out: [JSONValue] = []
        for var pod in try YAMLInput.parseDocuments(manifests(spec: spec, version: version)) {
            let component = pod[path: ["metadata", "name"]]?.stringValue ?? ""
            let hash = random.hex(bytes: 16)
            pod.set(.string(component + "-" + nodeName), at: "metadata", "name")
            pod.set(.string(hash), at: "metadata", "annotations", "kubernetes.io/config.hash")
            pod.set(.string(hash), at: "metadata", "annotations", "kubernetes.io/config.mirror")
            pod.set(.string(seenAt), at: "metadata", "annotations", "kubernetes.io/config.seen")
            pod.set(.string("file"), at: "metadata", "annotations", "kubernetes.io/config.source")
            pod.set(.array([.object([
                JSONMember("apiVersion", .string("v1")),
                JSONMember("kind", .string("Node")),
                JSONMember("name", .string(nodeName)),
                JSONMember("uid", node[path: ["metadata", "uid"]] ?? .string("")),
                JSONMember("controller", .bool(true)),
            ])]), at: "metadata", "ownerReferences")
            pod.set(.string(nodeName), at: "spec", "nodeName")
            out.append(pod)
        }
        return out
    }

    static func manifests(spec: ClusterSpec, version: String) -> String {
        let ip = spec.advertiseAddress
        return """
apiVersion: v1
kind: Pod
metadata:
  name: etcd
  namespace: kube-system
  labels:
    component: etcd
    tier: control-plane
  annotations:
    kubeadm.kubernetes.io/etcd.advertise-client-urls: https://\(ip):2379
spec:
  containers:
  - name: etcd
    image: registry.k8s.io/etcd:3.6.4-0
    imagePullPolicy: IfNotPresent
    command:
    - etcd
    - --advertise-client-urls=https://\(ip):2379
    - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    - --client-cert-auth=true
    - --data-dir=/var/lib/etcd
    - --initial-advertise-peer-urls=https://\(ip):2380
    - --initial-cluster=\(spec.hostname)=https://\(ip):2380
    - --key-file=/etc/kubernetes/pki/etcd/server.key
    - --listen-client-urls=https://127.0.0.1:2379,https://\(ip):2379
    - --listen-metrics-urls=http://127.0.0.1:2381
    - --listen-peer-urls=https://\(ip):2380
    - --name=\(spec.hostname)
    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
    - --peer-client-cert-auth=true
    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    - --snapshot-count=10000
    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    resources:
      requests:
        cpu: 100m
        memory: 100Mi
    volumeMounts:
    - mountPath: /var/lib/etcd
      name: etcd-data
    - mountPath: /etc/kubernetes/pki/etcd
      name: etcd-certs
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
  - hostPath:
      path: /etc/kubernetes/pki/etcd
      type: DirectoryOrCreate
    name: etcd-certs
  - hostPath:
      path: /var/lib/etcd
      type: DirectoryOrCreate
    name: etcd-data
---
apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
  labels:
    component: kube-apiserver
    tier: control-plane
  annotations:
    kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: \(ip):\(spec.securePort)
spec:
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:\(version)
    imagePullPolicy: IfNotPresent
    command:
    - kube-apiserver
    - --advertise-address=\(ip)
    - --allow-privileged=true
    - --authorization-mode=Node,RBAC
    - --client-ca-file=/etc/kubernetes/pki/ca.crt
    - --enable-admission-plugins=NodeRestriction
    - --enable-bootstrap-token-auth=true
    - --etcd-servers=https://127.0.0.1:2379
    - --secure-port=\(spec.securePort)
    - --service-cluster-ip-range=\(spec.serviceCIDR)
    - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
    resources:
      requests:
        cpu: 250m
    volumeMounts:
    - mountPath: /etc/kubernetes/pki
      name: k8s-certs
      readOnly: true
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
  - hostPath:
      path: /etc/kubernetes/pki
      type: DirectoryOrCreate
    name: k8s-certs
---
apiVersion: v1
kind: Pod
metadata:
  name: kube-controller-manager
  namespace: kube-system
  labels:
    component: kube-controller-manager
    tier: control-plane
spec:
  containers:
  - name: kube-controller-manager
    image: registry.k8s.io/kube-controller-manager:\(version)
    imagePullPolicy: IfNotPresent
    command:
    - kube-controller-manager
    - --allocate-node-cidrs=true
    - --authentication-kubeconfig=/etc/kubernetes/controller-manager.conf
    - --authorization-kubeconfig=/etc/kubernetes/controller-manager.conf
    - --bind-address=127.0.0.1
    - --cluster-cidr=\(spec.podCIDR)
    - --cluster-name=kubernetes
    - --controllers=*,bootstrapsigner,tokencleaner
    - --kubeconfig=/etc/kubernetes/controller-manager.conf
    - --leader-elect=true
    - --service-cluster-ip-range=\(spec.serviceCIDR)
    - --use-service-account-credentials=true
    resources:
      requests:
        cpu: 200m
    volumeMounts:
    - mountPath: /etc/kubernetes/controller-manager.conf
      name: kubeconfig
      readOnly: true
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
  - hostPath:
      path: /etc/kubernetes/controller-manager.conf
      type: FileOrCreate
    name: kubeconfig
---
apiVersion: v1
kind: Pod
metadata:
  name: kube-scheduler
  namespace: kube-system
  labels:
    component: kube-scheduler
    tier: control-plane
spec:
  containers:
  - name: kube-scheduler
    image: registry.k8s.io/kube-scheduler:\(version)
    imagePullPolicy: IfNotPresent
    command:
    - kube-scheduler
    - --authentication-kubeconfig=/etc/kubernetes/scheduler.conf
    - --authorization-kubeconfig=/etc/kubernetes/scheduler.conf
    - --bind-address=127.0.0.1
    - --kubeconfig=/etc/kubernetes/scheduler.conf
    - --leader-elect=true
    resources:
      requests:
        cpu: 100m
    volumeMounts:
    - mountPath: /etc/kubernetes/scheduler.conf
      name: kubeconfig
      readOnly: true
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
  - hostPath:
      path: /etc/kubernetes/scheduler.conf
      type: FileOrCreate
    name: kubeconfig
"""
    }
}
