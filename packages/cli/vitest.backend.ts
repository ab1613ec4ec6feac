// The tests run on tfjs's cpu backend, which `@tensorflow/tfjs-core` does not register by itself (the library
// code leaves the backend to its user: `@shapes/runtime` or an import like this one).
import '@tensorflow/tfjs-backend-cpu';
