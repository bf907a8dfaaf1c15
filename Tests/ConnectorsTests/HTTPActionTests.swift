import Testing
@testable import Connectors
