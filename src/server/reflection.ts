/**
 * gRPC server reflection (v1 and v1alpha, same messages under two packages), so tools such as
 * grpcurl can list services and fetch their descriptors without our .proto files.
 */
import { createRegistry, type DescFile, type DescService, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import * as v1 from "../gen/grpc/reflection/v1/reflection_pb.ts";
import * as v1alpha from "../gen/grpc/reflection/v1alpha/reflection_pb.ts";
import { bindService, type ServiceBinding } from "../services/rpc.ts";

/** The request oneof, identical in both reflection packages. */
type Request = v1.ServerReflectionRequest | v1alpha.ServerReflectionRequest;

/**
 * Answers one reflection request; the shape fits both packages' response init (the caller adds
 * `originalRequest`, whose type differs per package).
 */
function answer(request: Request, index: DescriptorIndex) {
  const base = { validHost: request.host };
  const notFound = (what: string) => ({
    ...base,
    messageResponse: {
      case: "errorResponse" as const,
      value: { errorCode: 5, errorMessage: `${what} not found` },
    },
  });
  const files = (list: DescFile[] | undefined, what: string) =>
    list
      ? {
        ...base,
        messageResponse: {
          case: "fileDescriptorResponse" as const,
          value: {
            fileDescriptorProto: list.map((f) => toBinary(FileDescriptorProtoSchema, f.proto)),
          },
        },
      }
      : notFound(what);
  const req = request.messageRequest;
  switch (req.case) {
    case "listServices":
      return {
        ...base,
        messageResponse: {
          case: "listServicesResponse" as const,
          value: { service: index.serviceNames.map((name) => ({ name })) },
        },
      };
    case "fileByFilename":
      return files(index.byFilename(req.value), `file ${req.value}`);
    case "fileContainingSymbol":
      return files(index.bySymbol(req.value), `symbol ${req.value}`);
    default:
      return notFound("extension");
  }
}

/** Files reachable from the registered services, looked up by name or symbol. */
class DescriptorIndex {
  readonly serviceNames: string[];
  readonly #files = new Map<string, DescFile>();
  readonly #registry;

  constructor(services: DescService[]) {
    this.serviceNames = services.map((s) => s.typeName).sort();
    // Keyed by the proto file name (`gitaly/ref.proto`); DescFile.name lacks the suffix.
    const visit = (file: DescFile) => {
      if (this.#files.has(file.proto.name)) return;
      this.#files.set(file.proto.name, file);
      file.dependencies.forEach(visit);
    };
    services.forEach((s) => visit(s.file));
    this.#registry = createRegistry(...this.#files.values());
  }

  /** A file with its transitive dependencies, the file first. */
  #closure(file: DescFile): DescFile[] {
    const out: DescFile[] = [];
    const seen = new Set<string>();
    const walk = (f: DescFile) => {
      if (seen.has(f.name)) return;
      seen.add(f.name);
      out.push(f);
      f.dependencies.forEach(walk);
    };
    walk(file);
    return out;
  }

  byFilename(name: string): DescFile[] | undefined {
    const file = this.#files.get(name);
    return file && this.#closure(file);
  }

  bySymbol(symbol: string): DescFile[] | undefined {
    let desc = this.#registry.get(symbol);
    if (!desc && symbol.includes(".")) {
      // A method name: look up its service.
      desc = this.#registry.getService(symbol.slice(0, symbol.lastIndexOf(".")));
    }
    if (!desc) return undefined;
    return this.#closure(desc.file);
  }
}

/** Reflection services (v1 and v1alpha) describing `services` and themselves. */
export function reflectionServices(services: DescService[]): ServiceBinding[] {
  const all = [...services, v1.ServerReflection, v1alpha.ServerReflection];
  const index = new DescriptorIndex(all);
  return [
    bindService(v1.ServerReflection, {
      async *serverReflectionInfo(requests) {
        for await (const request of requests) {
          yield { ...answer(request, index), originalRequest: request };
        }
      },
    }),
    bindService(v1alpha.ServerReflection, {
      async *serverReflectionInfo(requests) {
        for await (const request of requests) {
          yield { ...answer(request, index), originalRequest: request };
        }
      },
    }),
  ];
}
