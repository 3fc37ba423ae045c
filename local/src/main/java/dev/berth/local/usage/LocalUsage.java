package dev.berth.local.usage;

import dev.berth.core.cost.HistoryUsageMeter;
import dev.berth.core.cost.Usage;
import dev.berth.core.port.UsageMeter;
import dev.berth.core.port.Workflows;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * What the local runtime's functions used, as AWS would bill it (issue 19.5): each invocation's
 * time at its function's memory size, each API request, and DynamoDB's consumed capacity (asked
 * of every request by an SDK interceptor; DynamoDB Local answers it as DynamoDB does). A task's
 * use is also counted for the execution that ran it ({@link #within}); state transitions come
 * from the executions' histories.
 */
public final class LocalUsage implements UsageMeter {
    private final ThreadLocal<String> scope = new ThreadLocal<>();
    private final Counters total = new Counters();
    private final ConcurrentMap<String, Counters> executions = new ConcurrentHashMap<>();
    private volatile Workflows workflows;

    /** The executions whose state transitions count (set once the state machines exist). */
    public void readTransitionsFrom(Workflows workflows) {
        this.workflows = workflows;
    }

    /** Runs {@code task} as a task of that execution: what it uses counts for the execution too. */
    public <T> T within(String stateMachine, String executionName, Callable<T> task) throws Exception {
        String before = scope.get();
        scope.set(stateMachine + "/" + executionName);
        try {
            return task.call();
        } finally {
            scope.set(before);
        }
    }

    public void invocation(long nanos, int memoryMb) {
        double gbSeconds = nanos / 1e9 * memoryMb / 1024.0;
        forEach(c -> {
            c.invocations.increment();
            c.gbSeconds.add(gbSeconds);
        });
    }

    public void apiRequest() {
        total.apiRequests.increment();
    }

    /** Everything used so far, by every function and execution; transitions of every execution the runtime knows. */
    public Usage total(long stateTransitions) {
        return total.usage(stateTransitions);
    }

    @Override
    public Optional<Usage> ofExecution(String stateMachine, String executionName) {
        Workflows source = workflows;
        if (source == null) {
            return Optional.empty();
        }
        return source.history(stateMachine, executionName).map(history -> {
            Counters recorded = executions.get(stateMachine + "/" + executionName);
            Usage fromHistory = HistoryUsageMeter.of(history, HistoryUsageMeter.FUNCTION_MEMORY_MB);
            // An execution of an earlier run (kept with --data): its records went with that process; its history says what it can.
            return recorded == null ? fromHistory : recorded.usage(fromHistory.stateTransitions());
        });
    }

    /** Asks DynamoDB for the capacity of every request, and counts what it answers. */
    public ExecutionInterceptor dynamoDbInterceptor() {
        return new ExecutionInterceptor() {
            @Override
            public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
                SdkRequest r = context.request();
                ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
                if (r instanceof GetItemRequest g) {
                    return g.toBuilder().returnConsumedCapacity(total).build();
                } else if (r instanceof PutItemRequest p) {
                    return p.toBuilder().returnConsumedCapacity(total).build();
                } else if (r instanceof UpdateItemRequest u) {
                    return u.toBuilder().returnConsumedCapacity(total).build();
                } else if (r instanceof DeleteItemRequest d) {
                    return d.toBuilder().returnConsumedCapacity(total).build();
                } else if (r instanceof QueryRequest q) {
                    return q.toBuilder().returnConsumedCapacity(total).build();
                } else if (r instanceof BatchGetItemRequest b) {
                    return b.toBuilder().returnConsumedCapacity(total).build();
                } else if (r instanceof BatchWriteItemRequest b) {
                    return b.toBuilder().returnConsumedCapacity(total).build();
                } else if (r instanceof TransactGetItemsRequest t) {
                    return t.toBuilder().returnConsumedCapacity(total).build();
                } else if (r instanceof TransactWriteItemsRequest t) {
                    return t.toBuilder().returnConsumedCapacity(total).build();
                }
                return r;
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                SdkResponse r = context.response();
                if (r instanceof GetItemResponse g) {
                    read(units(g.consumedCapacity()));
                } else if (r instanceof QueryResponse q) {
                    read(units(q.consumedCapacity()));
                } else if (r instanceof BatchGetItemResponse b) {
                    read(b.consumedCapacity().stream().mapToDouble(LocalUsage::units).sum());
                } else if (r instanceof TransactGetItemsResponse t) {
                    read(t.consumedCapacity().stream().mapToDouble(LocalUsage::units).sum());
                } else if (r instanceof PutItemResponse p) {
                    write(units(p.consumedCapacity()));
                } else if (r instanceof UpdateItemResponse u) {
                    write(units(u.consumedCapacity()));
                } else if (r instanceof DeleteItemResponse d) {
                    write(units(d.consumedCapacity()));
                } else if (r instanceof BatchWriteItemResponse b) {
                    write(b.consumedCapacity().stream().mapToDouble(LocalUsage::units).sum());
                } else if (r instanceof TransactWriteItemsResponse t) {
                    write(t.consumedCapacity().stream().mapToDouble(LocalUsage::units).sum());
                }
            }
        };
    }

    private void read(double units) {
        forEach(c -> c.readUnits.add(units));
    }

    private void write(double units) {
        forEach(c -> c.writeUnits.add(units));
    }

    private static double units(ConsumedCapacity capacity) {
        return capacity == null || capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
    }

    private void forEach(java.util.function.Consumer<Counters> add) {
        add.accept(total);
        String execution = scope.get();
        if (execution != null) {
            add.accept(executions.computeIfAbsent(execution, e -> new Counters()));
        }
    }

    private static final class Counters {
        final LongAdder invocations = new LongAdder();
        final DoubleAdder gbSeconds = new DoubleAdder();
        final DoubleAdder readUnits = new DoubleAdder();
        final DoubleAdder writeUnits = new DoubleAdder();
        final LongAdder apiRequests = new LongAdder();

        Usage usage(long transitions) {
            return new Usage(transitions, invocations.sum(), gbSeconds.sum(), readUnits.sum(), writeUnits.sum(), apiRequests.sum(), true);
        }
    }
}
