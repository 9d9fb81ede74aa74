import StrataCLI

@main
enum Entry {
    static func main() async {
        await StrataCommand.main()
    }
}
