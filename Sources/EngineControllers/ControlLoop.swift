import EngineAPI
import EngineKit

/// Drives components until the cluster settles: step the components that have something to do
/// (events on their watches, a timer that is due, or work left from their last step), in a
/// fixed order, while any does work; when none does, move the engine clock to the earliest
/// pending timer. Settled means no component did work and none has a non-periodic timer left.
/// With `duration`, the loop then keeps running periodic timers (lease renewals, heartbeats)
/// until that much engine time has passed since the start.
///
/// Within one round each component steps at most once, in registration order, so a component
/// sees the events of those before it in the same round and of those after it in the next one;
/// a component with nothing to do is not stepped at all, which keeps a thousand idle kubelets
/// from costing anything while one pod starts.
public final class ControlLoop {
    public let api: APIServer
    public private(set) var controllers: [any Controller]
    private var started = false
    private var pendingStart: [Int] = []

    /// Components to step in the next round.
    private var due = Set<Int>()
    /// Each component's next timer as last reported, and a heap over them (stale entries are
    /// skipped when their time no longer matches).
    private var wakeups: [Int64?] = []
    private var timerHeap = MinHeap()
    private var pendingWork: [Bool] = []
    private var pendingCount = 0

    public struct Stats: Sendable {
        public var steps = 0
        public var rounds = 0
        public var settled = false
        public var engineSeconds: Double = 0
    }

    public init(api: APIServer, controllers: [any Controller]) {
        self.api = api
        self.controllers = controllers
    }

    /// Adds a component (e.g. a kubelet for a node that joins later); it starts at the next run.
    public func add(_ controller: any Controller) {
        controllers.append(controller)
        if started { pendingStart.append(controllers.count - 1) }
    }

    /// Runs until settled, or until `maxRounds` rounds, then (with `duration`) runs periodic
    /// work until `duration` seconds of engine time have passed since the call.
    @discardableResult
    public func run(duration: Double? = nil, maxRounds: Int = 1_000_000) async throws -> Stats {
        let clock = api.clock
        let startTime = clock.unixNanoseconds
        let deadline = duration.map { startTime + Int64($0 * 1e9) }
        var stats = Stats()
        if !started {
            started = true
            for i in controllers.indices { try await start(i) }
        }
        for i in pendingStart { try await start(i) }
        pendingStart.removeAll()
        // Anything may have happened between runs (objects applied, a kubelet stopped): every
        // component looks once, and every timer is read afresh.
        refreshAll()
        due.formUnion(controllers.indices)
        while stats.rounds < maxRounds {
            for i in pendingStart {
                try await start(i)
                refresh(i)
                due.insert(i)
            }
            pendingStart.removeAll()
            stats.rounds += 1
            due.formUnion(api.takeWoken())
            var round = RoundQueue(due)
            due.removeAll(keepingCapacity: true)
            var didWork = false
            var current = -1
            while let i = round.next() {
                current = i
                let worked = try await api.withWatchOwner(i) { try await controllers[i].step(api) }
                refresh(i)
                if worked {
                    didWork = true
                    stats.steps += 1
                    due.insert(i)
                }
                for woken in api.takeWoken() {
                    if woken > current { round.insert(woken) } else { due.insert(woken) }
                }
            }
            let now = clock.unixNanoseconds
            collectDueTimers(now: now)
            if didWork || !due.isEmpty { continue }
            let pending = pendingCount > 0
            if !pending {
                stats.settled = true
                guard let deadline, now < deadline else { break }
            }
            guard let next = nextTimer() else { break }
            if let deadline, next > deadline, !pending {
                clock.advance(to: deadline)
                break
            }
            clock.advance(to: next)
            collectDueTimers(now: clock.unixNanoseconds)
        }
        stats.engineSeconds = Double(clock.unixNanoseconds - startTime) / 1e9
        return stats
    }

    private func start(_ i: Int) async throws {
        try await api.withWatchOwner(i) { try await controllers[i].start(api) }
    }

    private func refreshAll() {
        wakeups = Array(repeating: nil, count: controllers.count)
        pendingWork = Array(repeating: false, count: controllers.count)
        pendingCount = 0
        timerHeap = MinHeap()
        for i in controllers.indices { refresh(i) }
    }

    /// Re-reads component `i`'s timer and pending flag after it stepped.
    private func refresh(_ i: Int) {
        while wakeups.count < controllers.count {
            wakeups.append(nil)
            pendingWork.append(false)
        }
        let c = controllers[i]
        let wakeup = c.nextWakeup()
        if wakeup != wakeups[i] {
            wakeups[i] = wakeup
            if let wakeup { timerHeap.push(wakeup, i) }
        }
        let pending = c.hasPendingWork()
        if pending != pendingWork[i] {
            pendingWork[i] = pending
            pendingCount += pending ? 1 : -1
        }
    }

    /// The earliest live timer (dropping stale heap entries).
    private func nextTimer() -> Int64? {
        while let top = timerHeap.peek() {
            if wakeups[top.index] == top.time { return top.time }
            timerHeap.pop()
        }
        return nil
    }

    /// Moves every component whose timer is due at `now` into the next round.
    private func collectDueTimers(now: Int64) {
        while let top = timerHeap.peek(), top.time <= now {
            timerHeap.pop()
            guard wakeups[top.index] == top.time else { continue }
            due.insert(top.index)
            // It stays due until it steps and reports its next timer.
            wakeups[top.index] = nil
        }
    }
}

/// The components of one round, handed out in ascending order; components woken during the
/// round join it if they come later in the order.
struct RoundQueue {
    private var heap = MinHeap()
    private var members = Set<Int>()

    init(_ initial: Set<Int>) {
        for i in initial { insert(i) }
    }

    mutating func insert(_ i: Int) {
        if members.insert(i).inserted { heap.push(0, i) }
    }

    mutating func next() -> Int? {
        guard let top = heap.pop() else { return nil }
        members.remove(top.index)
        return top.index
    }
}

/// A binary min-heap of (time, component index), ordered by time then index.
struct MinHeap {
    private var items: [(time: Int64, index: Int)] = []

    func peek() -> (time: Int64, index: Int)? { items.first }

    private static func less(_ a: (time: Int64, index: Int), _ b: (time: Int64, index: Int)) -> Bool {
        (a.time, a.index) < (b.time, b.index)
    }

    mutating func push(_ time: Int64, _ index: Int) {
        items.append((time, index))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func pop() -> (time: Int64, index: Int)? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count, Self.less(items[left], items[smallest]) { smallest = left }
                if right < items.count, Self.less(items[right], items[smallest]) { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }
}
