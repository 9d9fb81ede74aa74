import EtcdClient
import EtcdModel
import EtcdTestSupport
import Foundation
import StrataCore
import Testing

extension LiveEtcdCommandTests {
    /// `strata edit` with a scripted editor: the script stands in for the user and, where the test
    /// needs it, for a concurrent writer that changes the key while the editor is open.
    @Suite struct EditTests {
        /// A temp dir holding the editor script; the script numbers its runs and keeps a copy of
        /// every buffer it was shown (seen-N.txt).
        final class ScriptedEditor {
            let dir: URL
            let script: URL

            init(_ body: String) throws {
                dir = FileManager.default.temporaryDirectory.appendingPathComponent("strata-edit-test-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                script = dir.appendingPathComponent("editor.sh")
                let text = """
                    #!/bin/sh
                    set -e
                    f="$1"
                    n=$(cat "\(dir.path)/count" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "\(dir.path)/count"
                    cp "$f" "\(dir.path)/seen-$n.txt"
                    \(body)

                    """
                try Data(text.utf8).write(to: script)
                chmod(script.path, 0o755)
            }

            func seen(_ n: Int) -> String {
                (try? String(contentsOf: dir.appendingPathComponent("seen-\(n).txt"), encoding: .utf8)) ?? ""
            }

            var runs: Int { Int(((try? String(contentsOf: dir.appendingPathComponent("count"), encoding: .utf8)) ?? "0").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }

            deinit { try? FileManager.default.removeItem(at: dir) }
        }

        @Test(arguments: ["grpc", "http"])
        func concurrentChangeIsNeverOverwritten(transport: String) throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            let key = "/registry/configmaps/default/cfg"
            try etcd.etcdctl(["put", key, "original-value"])
            let editor = try ScriptedEditor("""
                if [ $n = 1 ]; then
                  ETCDCTL_API=3 etcdctl --endpoints "$TEST_ETCD" put "\(key)" "concurrent-change" >/dev/null
                  sed -i 's/original-value/first-edit/' "$f"
                else
                  sed -i 's/concurrent-change/concurrent-change+second-edit/' "$f"
                fi
                """)
            let r = try Strata.run(["edit", key] + Strata.connection(etcd.endpoint, transport),
                                   environment: ["EDITOR": editor.script.path, "TEST_ETCD": etcd.endpoint, "TMPDIR": editor.dir.path])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(editor.runs == 2)
            // The concurrent change survived and the second edit was made on top of it.
            #expect(try EtcdFixtures.value(etcd, key) == "concurrent-change+second-edit")
            let rev = try #require(try EtcdFixtures.modRevision(etcd, key))
            #expect(r.stdout == "edited \(key) mod_revision=\(rev)\n")
            // The user was told, and the first edit is kept in the printed backup file.
            #expect(r.stderr.contains("changed by someone else"), "\(r.stderr)")
            let backup = try #require(r.stderr.split(separator: " ").map(String.init).first { $0.contains("strata-edit-backup-") }?
                .trimmingCharacters(in: CharacterSet(charactersIn: ";\n")))
            #expect((try? String(contentsOfFile: backup, encoding: .utf8)) == "first-edit")
            // The reopened buffer explains why and shows the current version.
            #expect(editor.seen(2).contains("changed by someone else"))
            #expect(editor.seen(2).hasSuffix("concurrent-change"))
            #expect(editor.seen(1).hasSuffix("original-value"))
        }

        @Test func unchangedFileCancels() throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            let key = "/registry/configmaps/default/same"
            try etcd.etcdctl(["put", key, "keep-me"])
            let before = try EtcdFixtures.modRevision(etcd, key)
            let r = try Strata.run(["edit", key, "--endpoints", etcd.endpoint], environment: ["EDITOR": "true"])
            #expect(r.status == 0)
            #expect(r.stdout.isEmpty)
            #expect(r.stderr == "Edit cancelled, no changes made.\n")
            #expect(try EtcdFixtures.modRevision(etcd, key) == before)
        }

        @Test func deletedWhileEditingIsReported() throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            let key = "/registry/configmaps/default/gone"
            try etcd.etcdctl(["put", key, "soon-gone"])
            let editor = try ScriptedEditor("""
                ETCDCTL_API=3 etcdctl --endpoints "$TEST_ETCD" del "\(key)" >/dev/null
                sed -i 's/soon-gone/edited/' "$f"
                """)
            let r = try Strata.run(["edit", key, "--endpoints", etcd.endpoint],
                                   environment: ["EDITOR": editor.script.path, "TEST_ETCD": etcd.endpoint, "TMPDIR": editor.dir.path])
            #expect(r.status != 0)
            #expect(r.stderr.contains("was deleted while you were editing"))
            #expect(try EtcdFixtures.value(etcd, key) == nil)
        }

        /// A codec that accepts only JSON objects, standing in for the Kubernetes codec's validation.
        struct JSONOnlyCodec: StoredValueCodec {
            struct Invalid: Error, CustomStringConvertible { let description: String }
            func editableDocument(for kv: KeyValue) throws -> [UInt8] { kv.value }
            func storedValue(fromDocument document: [UInt8], key: [UInt8], existing: [UInt8]?) throws -> [UInt8] {
                guard (try? JSONSerialization.jsonObject(with: Data(document))) is [String: Any] else {
                    throw Invalid(description: "error converting YAML to JSON: not a JSON object")
                }
                return document
            }
        }

        @Test func invalidEditReopensWithTheErrorOnTop() async throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            let key = "/registry/widgets/w"
            try etcd.etcdctl(["put", key, #"{"size":1}"#])
            let editor = try ScriptedEditor("""
                if [ $n = 1 ]; then printf '{"size": oops' > "$f"; else printf '{"size":2}' > "$f"; fi
                """)
            let client = try EtcdFixtures.client(etcd)
            let session = EditSession(key: Array(key.utf8), codec: JSONOnlyCodec(),
                                      editor: EditorLauncher(command: editor.script.path), directory: editor.dir.path)
            let outcome = try await session.run(client) { _ in }
            await client.close()
            let rev = try #require(try EtcdFixtures.modRevision(etcd, key))
            #expect(outcome == .saved(revision: rev))
            #expect(try EtcdFixtures.value(etcd, key) == #"{"size":2}"#)
            #expect(editor.runs == 2)
            let second = editor.seen(2)
            #expect(second.contains("# The edited object is not valid and was not saved:"))
            #expect(second.contains("# error converting YAML to JSON: not a JSON object"))
            // The user's text is kept below the error, not replaced by the stored version.
            #expect(second.hasSuffix(#"{"size": oops"#))
        }

        @Test func savingTheSameInvalidTextAgainGivesUp() async throws {
            let etcd = try EtcdProcess.start()
            defer { etcd.stop() }
            let key = "/registry/widgets/w"
            try etcd.etcdctl(["put", key, #"{"size":1}"#])
            let editor = try ScriptedEditor("""
                if [ $n = 1 ]; then printf 'not json' > "$f"; fi
                """)
            let client = try EtcdFixtures.client(etcd)
            let session = EditSession(key: Array(key.utf8), codec: JSONOnlyCodec(),
                                      editor: EditorLauncher(command: editor.script.path), directory: editor.dir.path)
            await #expect(throws: CommandFailure.self) { try await session.run(client) { _ in } }
            await client.close()
            #expect(try EtcdFixtures.value(etcd, key) == #"{"size":1}"#)
            #expect(editor.runs == 2)
        }
    }
}
