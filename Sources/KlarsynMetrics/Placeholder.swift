internal import KlarsynCore
