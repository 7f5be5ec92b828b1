import TOMLKit
import Crypto
import KlarsynStore
