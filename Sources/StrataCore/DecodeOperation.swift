import EtcdInput
import EtcdModel

/// `strata decode`: every form etcdctl prints, read incrementally, printed through the record printer.
public enum DecodeOperation {
    /// Reads records from `path` (nil or "-" = standard input) and prints each one.
    /// Returns the number of records that could not be printed.
    public static func run(path: String?, form: EtcdInputForm?, printer: RecordPrinter) throws -> Int {
        var reader: EtcdInputReader
        do {
            if let path, path != "-" {
                reader = try EtcdInputReader(path: path, form: form)
            } else {
                reader = try EtcdInputReader(fd: 0, form: form)
            }
        } catch {
            throw CommandFailure("\(error)")
        }
        do {
            while let kv = try reader.next() {
                printer.print(kv)
            }
        } catch {
            printer.finish()
            throw CommandFailure("\(error)")
        }
        printer.finish()
        return printer.failures
    }
}
