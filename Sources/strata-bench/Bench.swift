@main
enum Bench {
    static func main() {
        print("strata-bench: not implemented yet")
    }
}
